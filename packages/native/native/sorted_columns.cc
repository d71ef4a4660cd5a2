// The pool side of the trimmed mean with copies (packages/voting/src/robust/
// trimmed-mean-with-copies.ts, prepareTrimmedMeanWithCopies): every coordinate's n pool values
// sorted ascending by the same stable insertion sort (so -0 and +0 keep their order), the float64
// sum of ranks [b, n - b) in ascending order, and the smallest nonzero and largest magnitude. The
// same values as the JavaScript, bit for bit.
#include <cmath>
#include <cstdint>
#include <vector>

#include "napi_util.h"

namespace fedrank {

// sortedColumns(pool: Float32Array[], b, sorted (dim * n), middle: Float64Array (dim), minAbs,
// maxAbs: Float32Array (dim)) -> false if a pool value is not finite (nothing useful written).
napi_value SortedColumns(napi_env env, napi_callback_info info) {
  napi_value argv[6];
  if (!callArgs(env, info, 6, argv)) return fail(env, "sortedColumns(pool, b, sorted, middle, minAbs, maxAbs) takes 6 arguments");
  std::vector<const float*> rows;
  size_t dim;
  if (!float32Rows(env, argv[0], &rows, &dim) || rows.empty())
    return fail(env, "sortedColumns: pool must be a non-empty array of Float32Arrays of one length");
  const size_t n = rows.size();
  int32_t b;
  if (napi_get_value_int32(env, argv[1], &b) != napi_ok || b < 0 || 2 * size_t(b) > n) return fail(env, "sortedColumns: b must be in [0, n / 2]");
  void *s, *m, *lo, *hi;
  size_t ns, nm, nlo, nhi;
  if (!typedData(env, argv[2], napi_float32_array, &s, &ns) || ns != dim * n || !typedData(env, argv[3], napi_float64_array, &m, &nm) ||
      nm != dim || !typedData(env, argv[4], napi_float32_array, &lo, &nlo) || nlo != dim ||
      !typedData(env, argv[5], napi_float32_array, &hi, &nhi) || nhi != dim)
    return fail(env, "sortedColumns: sorted (dim * n), middle (Float64Array, dim), minAbs and maxAbs (Float32Array, dim) expected");
  float* sorted = static_cast<float*>(s);
  double* middle = static_cast<double*>(m);
  float* minAbs = static_cast<float*>(lo);
  float* maxAbs = static_cast<float*>(hi);
  bool finite = true;
  for (size_t j = 0; j < dim && finite; j++) {
    float* col = sorted + j * n;
    for (size_t a = 0; a < n; a++) {
      const float x = rows[a][j];
      if (!std::isfinite(x)) {
        finite = false;
        break;
      }
      size_t k = a;
      while (k > 0 && col[k - 1] > x) {
        col[k] = col[k - 1];
        k--;
      }
      col[k] = x;
    }
    if (!finite) break;
    double sum = 0;
    for (size_t k = b; k < n - b; k++) sum += col[k];
    middle[j] = sum;
    float small = INFINITY, large = 0;
    for (size_t k = 0; k < n; k++) {
      const float a = std::fabs(col[k]);
      if (a != 0 && a < small) small = a;
      if (a > large) large = a;
    }
    minAbs[j] = small;
    maxAbs[j] = large;
  }
  napi_value out;
  napi_get_boolean(env, finite, &out);
  return out;
}

}  // namespace fedrank
