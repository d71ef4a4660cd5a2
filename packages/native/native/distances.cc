// Pairwise squared Euclidean distances of float32 vectors, accumulated in float64 exactly as
// packages/server/src/aggregators/common.ts computes them: coordinates in blocks of 4096; within a
// block each pair's sum runs over the coordinates in order from 0 (d = x - y in double, s += d * d,
// no fused multiply-add), and the block sums are added to the pair's total in block order. The
// results are therefore bit-identical to the JavaScript ones; eight pairs run side by side (eight
// independent sums) so the adds overlap.
#include <cstdint>
#include <vector>

#include "napi_util.h"

namespace fedrank {
namespace {

constexpr size_t kBlock = 4096;

template <int P>
void pairsBlock(const float* x, const float* const* ys, size_t start, size_t end, double* out, const size_t* at) {
  double s[P];
  for (int k = 0; k < P; k++) s[k] = 0;
  for (size_t j = start; j < end; j++) {
    const double xj = x[j];
    for (int k = 0; k < P; k++) {
      const double d = xj - static_cast<double>(ys[k][j]);
      s[k] += d * d;
    }
  }
  for (int k = 0; k < P; k++) out[at[k]] += s[k];
}

}  // namespace

// pairwiseSquaredDistances(updates: Float32Array[], out: Float64Array of n * n): fills the upper
// and lower triangles (the diagonal is left as it is: 0 in a fresh array).
napi_value PairwiseSquaredDistances(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  if (!callArgs(env, info, 2, argv)) return fail(env, "pairwiseSquaredDistances(updates, out) takes 2 arguments");
  std::vector<const float*> rows;
  size_t dim;
  if (!float32Rows(env, argv[0], &rows, &dim))
    return fail(env, "pairwiseSquaredDistances: updates must be an array of Float32Arrays of one length");
  const size_t n = rows.size();
  void* o;
  size_t no;
  if (!typedData(env, argv[1], napi_float64_array, &o, &no) || no != size_t(n) * n)
    return fail(env, "pairwiseSquaredDistances: out must be a Float64Array of n * n");
  double* dist = static_cast<double*>(o);
  const float* ys[8];
  size_t at[8];
  for (size_t start = 0; start < dim; start += kBlock) {
    const size_t end = start + kBlock < dim ? start + kBlock : dim;
    for (size_t a = 0; a < n; a++) {
      size_t b = a + 1;
      for (; b + 8 <= n; b += 8) {
        for (int k = 0; k < 8; k++) ys[k] = rows[b + k], at[k] = a * n + b + k;
        pairsBlock<8>(rows[a], ys, start, end, dist, at);
      }
      for (; b + 4 <= n; b += 4) {
        for (int k = 0; k < 4; k++) ys[k] = rows[b + k], at[k] = a * n + b + k;
        pairsBlock<4>(rows[a], ys, start, end, dist, at);
      }
      for (; b < n; b++) {
        ys[0] = rows[b], at[0] = a * n + b;
        pairsBlock<1>(rows[a], ys, start, end, dist, at);
      }
    }
  }
  for (size_t a = 0; a < n; a++)
    for (size_t b = a + 1; b < n; b++) dist[b * n + a] = dist[a * n + b];
  return undefinedValue(env);
}

}  // namespace fedrank
