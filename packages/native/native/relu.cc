// ReLU of a float32 buffer as tfjs's cpu backend computes it, Math.max(0, x): a NaN passes
// through, -0 becomes +0.
#include <cstdint>

#include "napi_util.h"

namespace fedrank {
namespace {

FEDRANK_CLONES void reluLoop(const float* x, float* y, size_t n) {
  for (size_t i = 0; i < n; i++) y[i] = (x[i] > 0.0f || x[i] != x[i]) ? x[i] : 0.0f;
}

}  // namespace

// relu(x, y): Float32Arrays of the same length.
napi_value Relu(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  if (!callArgs(env, info, 2, argv)) return fail(env, "relu(x, y) takes 2 arguments");
  void *x, *y;
  size_t nx, ny;
  if (!typedData(env, argv[0], napi_float32_array, &x, &nx) || !typedData(env, argv[1], napi_float32_array, &y, &ny) || nx != ny)
    return fail(env, "relu: x and y must be Float32Arrays of the same length");
  reluLoop(static_cast<const float*>(x), static_cast<float*>(y), nx);
  return undefinedValue(env);
}

}  // namespace fedrank
