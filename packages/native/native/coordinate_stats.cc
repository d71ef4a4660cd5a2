// Coordinate-wise mean and unbiased standard deviation of a list of float32 updates, as
// packages/server/src/attacks/coordinate-stats.ts computes them: float64 sums over the updates in
// order (no fused multiply-add), the mean as sum * (1 / n), the deviation as
// sqrt(sum of squared differences * (1 / (n - 1))). Coordinates run in blocks, so each block's
// sums stay in cache while the updates stream through; each coordinate's order of additions is
// the JavaScript's, so the results are the same bit for bit.
#include <cmath>
#include <cstdint>
#include <vector>

#include "napi_util.h"

namespace fedrank {
namespace {

constexpr size_t kBlock = 2048;

FEDRANK_CLONES void addRows(const float* const* rows, size_t n, size_t start, size_t end, double* acc) {
  for (size_t i = 0; i < n; i++) {
    const float* x = rows[i];
    for (size_t j = start; j < end; j++) acc[j] += static_cast<double>(x[j]);
  }
}

FEDRANK_CLONES void addSquaredDeviations(const float* const* rows, size_t n, size_t start, size_t end, const double* mean, double* acc) {
  for (size_t i = 0; i < n; i++) {
    const float* x = rows[i];
    for (size_t j = start; j < end; j++) {
      const double d = static_cast<double>(x[j]) - mean[j];
      acc[j] += d * d;
    }
  }
}

}  // namespace

// coordinateMeanStd(updates: Float32Array[], mean: Float64Array, std: Float64Array | null): fills
// mean (and std when given; zeros for a single update).
napi_value CoordinateMeanStd(napi_env env, napi_callback_info info) {
  napi_value argv[3];
  if (!callArgs(env, info, 3, argv)) return fail(env, "coordinateMeanStd(updates, mean, std) takes 3 arguments");
  std::vector<const float*> rows;
  size_t dim;
  if (!float32Rows(env, argv[0], &rows, &dim) || rows.empty())
    return fail(env, "coordinateMeanStd: updates must be a non-empty array of Float32Arrays of one length");
  void *m, *s = nullptr;
  size_t nm, ns = 0;
  napi_valuetype stdType;
  if (!typedData(env, argv[1], napi_float64_array, &m, &nm) || nm != dim || napi_typeof(env, argv[2], &stdType) != napi_ok ||
      (stdType != napi_null && (!typedData(env, argv[2], napi_float64_array, &s, &ns) || ns != dim)))
    return fail(env, "coordinateMeanStd: mean (and std, unless null) must be Float64Arrays of the updates' length");
  const size_t n = rows.size();
  double* mean = static_cast<double*>(m);
  double* std = static_cast<double*>(s);
  const double inv = 1.0 / double(n);
  const double invDev = n > 1 ? 1.0 / double(n - 1) : 0;
  for (size_t start = 0; start < dim; start += kBlock) {
    const size_t end = start + kBlock < dim ? start + kBlock : dim;
    for (size_t j = start; j < end; j++) mean[j] = 0;
    addRows(rows.data(), n, start, end, mean);
    for (size_t j = start; j < end; j++) mean[j] *= inv;
    if (std == nullptr) continue;
    for (size_t j = start; j < end; j++) std[j] = 0;
    if (n < 2) continue;
    addSquaredDeviations(rows.data(), n, start, end, mean, std);
    for (size_t j = start; j < end; j++) std[j] = std::sqrt(std[j] * invDev);
  }
  return undefinedValue(env);
}

}  // namespace fedrank
