// 2x2 max pooling, stride 2, of NHWC tensors, and its gradient (even height and width): each
// window's gradient goes to one position, the first maximum in row-major window order (strict
// comparison), as PyTorch's max_pool2d and tfjs's MaxPoolGrad do:
//   dx[argmax of window] = dy[window],  0 elsewhere.
#include <cstdint>

#include "napi_util.h"

namespace fedrank {
namespace {

FEDRANK_CLONES void maxPoolGrad(const float* x, const float* dy, float* dx, size_t B, size_t H,
                                                                     size_t W, size_t C) {
  const size_t Ho = H / 2, Wo = W / 2;
  for (size_t b = 0; b < B; b++) {
    for (size_t ho = 0; ho < Ho; ho++) {
      for (size_t wo = 0; wo < Wo; wo++) {
        const size_t i0 = ((b * H + 2 * ho) * W + 2 * wo) * C;  // top-left
        const size_t i1 = i0 + C;                               // top-right
        const size_t i2 = i0 + W * C;                           // bottom-left
        const size_t i3 = i2 + C;                               // bottom-right
        const float* g = dy + ((b * Ho + ho) * Wo + wo) * C;
        // Selects instead of branches, so that the channel loop vectorizes: t1, t2, t3 say whether
        // the running maximum moved to the 2nd, 3rd, 4th position (strict >, NaN never wins).
        for (size_t c = 0; c < C; c++) {
          const float a0 = x[i0 + c], a1 = x[i1 + c], a2 = x[i2 + c], a3 = x[i3 + c];
          const bool t1 = a1 > a0;
          const float b1 = t1 ? a1 : a0;
          const bool t2 = a2 > b1;
          const float b2 = t2 ? a2 : b1;
          const bool t3 = a3 > b2;
          const float v = g[c];
          dx[i0 + c] = (t1 || t2 || t3) ? 0.0f : v;
          dx[i1 + c] = (t1 && !t2 && !t3) ? v : 0.0f;
          dx[i2 + c] = (t2 && !t3) ? v : 0.0f;
          dx[i3 + c] = t3 ? v : 0.0f;
        }
      }
    }
  }
}

// Forward: y = the window's maximum, found as the gradient routes it (strict >, so a NaN wins only
// in a window's first position). H and W may be odd: the last row or column is dropped ('valid').
FEDRANK_CLONES void maxPoolForward(const float* x, float* y, size_t B, size_t H, size_t W, size_t C) {
  const size_t Ho = H / 2, Wo = W / 2;
  for (size_t b = 0; b < B; b++) {
    for (size_t ho = 0; ho < Ho; ho++) {
      for (size_t wo = 0; wo < Wo; wo++) {
        const size_t i0 = ((b * H + 2 * ho) * W + 2 * wo) * C;
        const size_t i1 = i0 + C, i2 = i0 + W * C, i3 = i2 + C;
        float* o = y + ((b * Ho + ho) * Wo + wo) * C;
        for (size_t c = 0; c < C; c++) {
          float best = x[i0 + c];
          best = x[i1 + c] > best ? x[i1 + c] : best;
          best = x[i2 + c] > best ? x[i2 + c] : best;
          o[c] = x[i3 + c] > best ? x[i3 + c] : best;
        }
      }
    }
  }
}

}  // namespace

// maxPool2x2(x, y, shape: Int32Array [B, H, W, C]): y [B, floor(H/2), floor(W/2), C].
napi_value MaxPool2x2(napi_env env, napi_callback_info info) {
  napi_value argv[3];
  if (!callArgs(env, info, 3, argv)) return fail(env, "maxPool2x2(x, y, shape) takes 3 arguments");
  const int32_t* s;
  if (!int32Data(env, argv[2], 4, &s)) return fail(env, "maxPool2x2: shape must be an Int32Array [B, H, W, C]");
  if (s[0] < 1 || s[1] < 2 || s[2] < 2 || s[3] < 1) return fail(env, "maxPool2x2: B and C must be positive, H and W at least 2");
  const size_t B = s[0], H = s[1], W = s[2], C = s[3];
  void *x, *y;
  size_t nx, ny;
  if (!typedData(env, argv[0], napi_float32_array, &x, &nx) || !typedData(env, argv[1], napi_float32_array, &y, &ny))
    return fail(env, "maxPool2x2: x and y must be Float32Arrays");
  if (nx != B * H * W * C || ny != B * (H / 2) * (W / 2) * C) return fail(env, "maxPool2x2: a buffer's length does not match the shape");
  maxPoolForward(static_cast<const float*>(x), static_cast<float*>(y), B, H, W, C);
  return undefinedValue(env);
}

// maxPool2x2Grad(x, dy, dx, shape: Int32Array [B, H, W, C])
napi_value MaxPool2x2Grad(napi_env env, napi_callback_info info) {
  napi_value argv[4];
  if (!callArgs(env, info, 4, argv)) return fail(env, "maxPool2x2Grad(x, dy, dx, shape) takes 4 arguments");
  const int32_t* s;
  if (!int32Data(env, argv[3], 4, &s)) return fail(env, "maxPool2x2Grad: shape must be an Int32Array [B, H, W, C]");
  if (s[0] < 1 || s[1] < 2 || s[2] < 2 || s[3] < 1 || s[1] % 2 || s[2] % 2)
    return fail(env, "maxPool2x2Grad: B and C must be positive, H and W even");
  const size_t B = s[0], H = s[1], W = s[2], C = s[3];
  void *x, *dy, *dx;
  size_t nx, ndy, ndx;
  if (!typedData(env, argv[0], napi_float32_array, &x, &nx) || !typedData(env, argv[1], napi_float32_array, &dy, &ndy) ||
      !typedData(env, argv[2], napi_float32_array, &dx, &ndx))
    return fail(env, "maxPool2x2Grad: x, dy and dx must be Float32Arrays");
  const size_t full = B * H * W * C, half = B * (H / 2) * (W / 2) * C;
  if (nx != full || ndx != full || ndy != half) return fail(env, "maxPool2x2Grad: a buffer's length does not match the shape");
  maxPoolGrad(static_cast<const float*>(x), static_cast<const float*>(dy), static_cast<float*>(dx), B, H, W, C);
  return undefinedValue(env);
}

}  // namespace fedrank
