// Batched matrix products out[b] = op(A[b]) op(B[b]) of row-major float32 tensors for the
// memory-bound shapes of a supermask step (a dense layer at a small batch: LeNet's 12544 x 128
// layer at batch 8), read in place from the tfjs wasm heap. Every variant streams the large
// operand once, and sums over k in ascending order (deterministic):
//   NN  out[m, :] += A[m, k] * B[k, :]            (k outer: B's row read once for all m)
//   NT  out[m, n]  = sum_k A[m, k] * B[n, k]       (B's row n against each row of A)
//   TN  out[m, :] += A[k, m] * B[k, :]            (out written once)
// (TT is left to the caller's fallback.) tfjs-wasm's XNNPACK path instead packs B once per
// buffer, which dominates the step when the weights change every step.
// Builds with oneDNN run the product by oneDNN's matmul instead (onednn_matmul.cc: blocked,
// several times faster); these loops are the portable path.
#include <cstdint>
#include <cstring>

#include "napi_util.h"
#ifdef FEDRANK_WITH_ONEDNN
#include "onednn_matmul.h"
#endif

namespace fedrank {
namespace {


FEDRANK_CLONES void productNN(const float* a, const float* b, float* out, size_t M, size_t K, size_t N) {
  std::memset(out, 0, M * N * sizeof(float));
  for (size_t k = 0; k < K; k++) {
    const float* row = b + k * N;
    for (size_t m = 0; m < M; m++) {
      const float s = a[m * K + k];
      float* o = out + m * N;
      for (size_t n = 0; n < N; n++) o[n] += s * row[n];
    }
  }
}

FEDRANK_CLONES void productNT(const float* a, const float* b, float* out, size_t M, size_t K, size_t N) {
  for (size_t n = 0; n < N; n++) {
    const float* row = b + n * K;
    for (size_t m = 0; m < M; m++) {
      const float* am = a + m * K;
      // Eight partial sums (vectorizable without reassociation flags), added in a fixed order.
      float p[8] = {0, 0, 0, 0, 0, 0, 0, 0};
      size_t k = 0;
      for (; k + 8 <= K; k += 8)
        for (size_t q = 0; q < 8; q++) p[q] += am[k + q] * row[k + q];
      float s = ((p[0] + p[1]) + (p[2] + p[3])) + ((p[4] + p[5]) + (p[6] + p[7]));
      for (; k < K; k++) s += am[k] * row[k];
      out[m * N + n] = s;
    }
  }
}

FEDRANK_CLONES void productTN(const float* a, const float* b, float* out, size_t M, size_t K, size_t N) {
  for (size_t m = 0; m < M; m++) {
    float* o = out + m * N;
    std::memset(o, 0, N * sizeof(float));
    for (size_t k = 0; k < K; k++) {
      const float s = a[k * M + m];
      const float* row = b + k * N;
      for (size_t n = 0; n < N; n++) o[n] += s * row[n];
    }
  }
}

}  // namespace

// matMul(a, b, out, shape: Int32Array [batch, M, K, N, transposeA, transposeB]); not both transposed.
napi_value MatMul(napi_env env, napi_callback_info info) {
  napi_value argv[4];
  if (!callArgs(env, info, 4, argv)) return fail(env, "matMul(a, b, out, shape) takes 4 arguments");
  const int32_t* s;
  if (!int32Data(env, argv[3], 6, &s)) return fail(env, "matMul: shape must be an Int32Array [batch, M, K, N, transposeA, transposeB]");
  if (s[0] < 1 || s[1] < 1 || s[2] < 1 || s[3] < 1) return fail(env, "matMul: dimensions must be positive");
  if (s[4] && s[5]) return fail(env, "matMul: A and B both transposed is not supported");
  void *a, *b, *o;
  size_t na, nb, no;
  if (!typedData(env, argv[0], napi_float32_array, &a, &na) || !typedData(env, argv[1], napi_float32_array, &b, &nb) ||
      !typedData(env, argv[2], napi_float32_array, &o, &no))
    return fail(env, "matMul: a, b and out must be Float32Arrays");
  const size_t B = s[0], M = s[1], K = s[2], N = s[3];
  if (na != B * M * K || nb != B * K * N || no != B * M * N) return fail(env, "matMul: a buffer's length does not match the shape");
  const auto* af = static_cast<const float*>(a);
  const auto* bf = static_cast<const float*>(b);
  auto* of = static_cast<float*>(o);
#ifdef FEDRANK_WITH_ONEDNN
  if (oneDnnMatMul(af, bf, of, B, M, K, N, s[4] != 0, s[5] != 0)) return undefinedValue(env);
#endif
  for (size_t i = 0; i < B; i++) {
    const float* ai = af + i * M * K;
    const float* bi = bf + i * K * N;
    float* oi = of + i * M * N;
    if (s[4]) productTN(ai, bi, oi, M, K, N);
    else if (s[5]) productNT(ai, bi, oi, M, K, N);
    else productNN(ai, bi, oi, M, K, N);
  }
  return undefinedValue(env);
}

}  // namespace fedrank
