// Gradient of 2x2 max pooling, stride 2, of an NHWC tensor with even height and width:
//   dx[b, h, w, c] = [x[b, h, w, c] == m[b, h/2, w/2, c]] * dy[b, h/2, w/2, c]
// (every input equal to its window's maximum gets the gradient), written as 1.0f or 0.0f times
// dy, so it is bit-identical to the composition equal -> cast -> mul of the JavaScript path.
#include <cstdint>

#include "napi_util.h"

namespace fedrank {
namespace {

__attribute__((target_clones("avx2", "default"))) void maxPoolGrad(const float* x, const float* m, const float* dy, float* dx, size_t B,
                                                                     size_t H, size_t W, size_t C) {
  const size_t Wo = W / 2;
  for (size_t b = 0; b < B; b++) {
    for (size_t h = 0; h < H; h++) {
      const size_t ho = h / 2;
      for (size_t w = 0; w < W; w++) {
        const size_t o = ((b * (H / 2) + ho) * Wo + w / 2) * C;
        const size_t i = ((b * H + h) * W + w) * C;
        for (size_t c = 0; c < C; c++) dx[i + c] = (x[i + c] == m[o + c] ? 1.0f : 0.0f) * dy[o + c];
      }
    }
  }
}

}  // namespace

// maxPool2x2Grad(x, m, dy, dx, shape: Int32Array [B, H, W, C])
napi_value MaxPool2x2Grad(napi_env env, napi_callback_info info) {
  size_t argc = 5;
  napi_value argv[5];
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  if (argc != 5) return fail(env, "maxPool2x2Grad(x, m, dy, dx, shape) takes 5 arguments");
  void* shapeData;
  size_t shapeLength;
  if (!typedData(env, argv[4], napi_int32_array, &shapeData, &shapeLength) || shapeLength != 4)
    return fail(env, "maxPool2x2Grad: shape must be an Int32Array [B, H, W, C]");
  const auto* s = static_cast<const int32_t*>(shapeData);
  if (s[0] < 1 || s[1] < 2 || s[2] < 2 || s[3] < 1 || s[1] % 2 || s[2] % 2)
    return fail(env, "maxPool2x2Grad: B and C must be positive, H and W even");
  const size_t B = s[0], H = s[1], W = s[2], C = s[3];
  void *x, *m, *dy, *dx;
  size_t nx, nm, ndy, ndx;
  if (!typedData(env, argv[0], napi_float32_array, &x, &nx) || !typedData(env, argv[1], napi_float32_array, &m, &nm) ||
      !typedData(env, argv[2], napi_float32_array, &dy, &ndy) || !typedData(env, argv[3], napi_float32_array, &dx, &ndx))
    return fail(env, "maxPool2x2Grad: x, m, dy and dx must be Float32Arrays");
  const size_t full = B * H * W * C, half = B * (H / 2) * (W / 2) * C;
  if (nx != full || ndx != full || nm != half || ndy != half) return fail(env, "maxPool2x2Grad: a buffer's length does not match the shape");
  maxPoolGrad(static_cast<const float*>(x), static_cast<const float*>(m), static_cast<const float*>(dy), static_cast<float*>(dx), B, H, W, C);
  return undefinedValue(env);
}

}  // namespace fedrank
