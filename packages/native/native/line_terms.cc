// The closed-form line geometry of packages/server/src/attacks/line-geometry.ts (lineGeometry):
// for each update x_i, a_i = sum_j (origin_j - x_ij)^2 and c_i = sum_j dir_j * (origin_j - x_ij),
// each a float64 sum over the coordinates in order (no fused multiply-add), so the same values bit
// for bit. Eight updates run side by side, one per vector lane (each lane keeps its own order), on
// chunks of coordinates transposed to float64 (transpose.h).
#include <cstdint>
#include <cstring>
#include <vector>

#include "napi_util.h"
#include "transpose.h"

namespace fedrank {
namespace {

constexpr size_t kChunk = 512;
constexpr size_t kLanes = 8;

typedef double v8d __attribute__((vector_size(64)));

__attribute__((target_clones("avx512f", "avx2", "default"))) void lineChunk(const double* t, const double* origin, const double* dir, size_t len,
                                                                             v8d* a, v8d* c) {
  v8d sa = *a, sc = *c;
  for (size_t j = 0; j < len; j++) {
    v8d x;
    std::memcpy(&x, t + j * kLanes, sizeof x);
    const v8d d = origin[j] - x;
    sa += d * d;
    sc += dir[j] * d;
  }
  *a = sa;
  *c = sc;
}

}  // namespace

// lineTerms(updates: Float32Array[], origin: Float64Array, dir: Float64Array, a: Float64Array (n),
// c: Float64Array (n)).
napi_value LineTerms(napi_env env, napi_callback_info info) {
  napi_value argv[5];
  if (!callArgs(env, info, 5, argv)) return fail(env, "lineTerms(updates, origin, dir, a, c) takes 5 arguments");
  std::vector<const float*> rows;
  size_t dim;
  void *o, *d, *pa, *pc;
  size_t no, nd, na, nc;
  if (!float32Rows(env, argv[0], &rows, &dim) || !typedData(env, argv[1], napi_float64_array, &o, &no) ||
      !typedData(env, argv[2], napi_float64_array, &d, &nd) || !typedData(env, argv[3], napi_float64_array, &pa, &na) ||
      !typedData(env, argv[4], napi_float64_array, &pc, &nc) || na != rows.size() || nc != rows.size() || (!rows.empty() && (no != dim || nd != dim)))
    return fail(env, "lineTerms: updates (Float32Arrays of one length), origin and dir (Float64Arrays of that length), a and c (Float64Arrays, one per update) expected");
  const size_t n = rows.size();
  const double* origin = static_cast<const double*>(o);
  const double* dir = static_cast<const double*>(d);
  std::vector<double> t(kChunk * kLanes, 0.0);
  for (size_t g = 0; g < n; g += kLanes) {
    const size_t lanes = n - g < kLanes ? n - g : kLanes;
    v8d a = {}, c = {};
    for (size_t j0 = 0; j0 < dim; j0 += kChunk) {
      const size_t len = dim - j0 < kChunk ? dim - j0 : kChunk;
      transposeToDouble(rows.data() + g, lanes, j0, len, kLanes, t.data());
      lineChunk(t.data(), origin + j0, dir + j0, len, &a, &c);
    }
    for (size_t l = 0; l < lanes; l++) {
      static_cast<double*>(pa)[g + l] = a[l];
      static_cast<double*>(pc)[g + l] = c[l];
    }
  }
  return undefinedValue(env);
}

}  // namespace fedrank
