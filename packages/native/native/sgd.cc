// SGD with momentum and L2 weight decay (PyTorch semantics, dampening 0), fused with the
// edge-popup straight-through gradient, in place:
//   mode 0 (dense):  d = g + wd * p
//   mode 1 (|score| mask): d = g * w * sign(s) + wd * s   (0 where s == 0)
//   mode 2 (signed score mask): d = g * w + wd * s
//   buf = momentum * buf + d;  p -= lr * buf
// Arithmetic is in double and rounded to float32 on store, in the same order as the JavaScript
// version (packages/supermask/src/sgd.ts), so both give bit-identical results.
#include <cstddef>

#include "napi_util.h"
#include "sgd_update.h"

namespace fedrank {
namespace {


FEDRANK_CLONES void stepPlain(float* p, const float* g, float* b, size_t n, double lr, double m, double wd) {
  for (size_t i = 0; i < n; i++) p[i] = sgdPlain(p[i], g[i], b[i], lr, m, wd);
}

FEDRANK_CLONES void stepAbs(float* p, const float* g, const float* w, float* b, size_t n, double lr, double m, double wd) {
  for (size_t i = 0; i < n; i++) p[i] = sgdAbs(p[i], g[i], w[i], b[i], lr, m, wd);
}

FEDRANK_CLONES void stepSigned(float* p, const float* g, const float* w, float* b, size_t n, double lr, double m, double wd) {
  for (size_t i = 0; i < n; i++) p[i] = sgdSigned(p[i], g[i], w[i], b[i], lr, m, wd);
}

}  // namespace

// sgdStep(mode, params, grads, weights | null, buffer, lr, momentum, weightDecay)
napi_value SgdStep(napi_env env, napi_callback_info info) {
  napi_value argv[8];
  if (!callArgs(env, info, 8, argv)) return fail(env, "sgdStep(mode, params, grads, weights, buffer, lr, momentum, weightDecay) takes 8 arguments");
  int32_t mode = -1;
  if (napi_get_value_int32(env, argv[0], &mode) != napi_ok || mode < 0 || mode > 2) return fail(env, "sgdStep: mode must be 0, 1 or 2");
  void *p, *g, *w = nullptr, *b;
  size_t np, ng, nw = 0, nb;
  if (!typedData(env, argv[1], napi_float32_array, &p, &np) || !typedData(env, argv[2], napi_float32_array, &g, &ng) ||
      !typedData(env, argv[4], napi_float32_array, &b, &nb))
    return fail(env, "sgdStep: params, grads and buffer must be Float32Arrays");
  if (mode != 0 && !typedData(env, argv[3], napi_float32_array, &w, &nw)) return fail(env, "sgdStep: weights must be a Float32Array");
  if (ng != np || nb != np || (mode != 0 && nw != np)) return fail(env, "sgdStep: arrays differ in length");
  double lr, m, wd;
  if (!numberArg(env, argv[5], &lr) || !numberArg(env, argv[6], &m) || !numberArg(env, argv[7], &wd))
    return fail(env, "sgdStep: lr, momentum and weightDecay must be numbers");
  auto* pf = static_cast<float*>(p);
  auto* gf = static_cast<const float*>(g);
  auto* bf = static_cast<float*>(b);
  if (mode == 0) stepPlain(pf, gf, bf, np, lr, m, wd);
  else if (mode == 1) stepAbs(pf, gf, static_cast<const float*>(w), bf, np, lr, m, wd);
  else stepSigned(pf, gf, static_cast<const float*>(w), bf, np, lr, m, wd);
  return undefinedValue(env);
}

}  // namespace fedrank
