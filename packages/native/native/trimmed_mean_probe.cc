// One probe of AGR-tailored's search against the trimmed mean (packages/voting/src/robust/
// trimmed-mean-with-copies.ts, trimmedMeanWithCopiesDistance): x = float32(origin - gamma * dir),
// y = the trimmed mean of [copies of x, pool] from the pool's tails (poolTails), and
// ||y - origin||, the same value bit for bit as the JavaScript.
//
// Sixteen coordinates at a time. Where a coordinate's sums are exact (every float64 partial sum of
// its values is exact, see the TypeScript) their order does not matter, so y is computed without
// branches from the tails: the pool values below x there say where the copies sit. Elsewhere the
// coordinate's pool values are sorted again and the kept values summed in the rule's order, as the
// JavaScript does. The squared differences are added in coordinate order.
#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

#include "napi_util.h"

namespace fedrank {
namespace {

constexpr size_t kLanes = 16;

typedef float v8sf __attribute__((vector_size(32)));
typedef float v16sf __attribute__((vector_size(64)));
typedef int32_t v16si __attribute__((vector_size(64)));
typedef double v8d __attribute__((vector_size(64)));

struct Prepared {
  const float* const* pool;
  const float* tails;  // 2b values per coordinate, in blocks of 16 coordinates
  size_t n, dim, copies, b;
  const double* middle;
  const float* minAbs;
  const float* maxAbs;
  double span;
};

// The trimmed mean of coordinate j in the rule's order (the coordinate's pool values sorted again).
float orderedTrimmedMean(const Prepared& p, size_t j, float v, float* col) {
  const size_t n = p.n, b = p.b, copies = p.copies;
  const size_t end = copies + n - b, kept = copies + n - 2 * b;
  for (size_t a = 0; a < n; a++) {
    const float x = p.pool[a][j];
    size_t k = a;
    while (k > 0 && col[k - 1] > x) {
      col[k] = col[k - 1];
      k--;
    }
    col[k] = x;
  }
  size_t lo = 0, hi = n;
  while (lo < hi) {
    const size_t mid = (lo + hi) >> 1;
    if (col[mid] < v)
      lo = mid + 1;
    else
      hi = mid;
  }
  const size_t pos = lo;
  double s = 0;
  const size_t lowEnd = pos < end ? pos : end;
  for (size_t k = b; k < lowEnd; k++) s += double(col[k]);
  const size_t copyStart = pos > b ? pos : b;
  const size_t copyEnd = pos + copies < end ? pos + copies : end;
  for (size_t k = copyStart; k < copyEnd; k++) s += double(v);
  const size_t highStart = pos + copies > b ? pos + copies : b;
  for (size_t k = highStart; k < end; k++) s += double(col[k - copies]);
  return static_cast<float>(s / double(kept));
}

inline v8d half(const v16sf& x, int h) {
  v8sf part;
  std::memcpy(&part, reinterpret_cast<const char*>(&x) + h * sizeof part, sizeof part);
  return __builtin_convertvector(part, v8d);
}

__attribute__((target_clones("avx512f", "avx2", "default"))) double probeDistance(const Prepared& p, const double* origin, const double* dir,
                                                                                   double gamma) {
  const size_t dim = p.dim, n = p.n, b = p.b, copies = p.copies;
  const int32_t end = int32_t(copies + n - b);
  const double kept = double(copies + n - 2 * b);
  const v16sf zero = {};
  const v16si zeroI = {};
  std::vector<float> col(n);
  double acc = 0;
  for (size_t j0 = 0; j0 < dim; j0 += kLanes) {
    const size_t lanes = dim - j0 < kLanes ? dim - j0 : kLanes;
    // x for the block's coordinates (lanes past dim: origin 0, dir 0).
    double o[kLanes] = {}, d[kLanes] = {};
    std::memcpy(o, origin + j0, lanes * sizeof(double));
    std::memcpy(d, dir + j0, lanes * sizeof(double));
    v8d o0, o1, d0, d1;
    std::memcpy(&o0, o, sizeof o0);
    std::memcpy(&o1, o + 8, sizeof o1);
    std::memcpy(&d0, d, sizeof d0);
    std::memcpy(&d1, d + 8, sizeof d1);
    const v8sf x0 = __builtin_convertvector(o0 - gamma * d0, v8sf);
    const v8sf x1 = __builtin_convertvector(o1 - gamma * d1, v8sf);
    v16sf x;
    std::memcpy(&x, &x0, sizeof x0);
    std::memcpy(reinterpret_cast<char*>(&x) + sizeof x0, &x1, sizeof x1);
    // Exact where max(|x|, maxAbs) < span * min(nonzero |x|, minAbs).
    v16sf lo, hi;
    std::memcpy(&lo, p.minAbs + j0, sizeof lo);
    std::memcpy(&hi, p.maxAbs + j0, sizeof hi);
    const v16sf ax = x < zero ? -x : x;
    const v16sf mx = ax > hi ? ax : hi;
    const v16sf axNonzero = ax == zero ? zero + INFINITY : ax;
    const v16sf mn = axNonzero < lo ? axNonzero : lo;
    // Where the copies sit: pool values below x among the low tail, and among the high tail.
    v16si below = zeroI, above = zeroI;
    v8d s0, s1;
    std::memcpy(&s0, p.middle + j0, sizeof s0);
    std::memcpy(&s1, p.middle + j0 + 8, sizeof s1);
    const float* tail = p.tails + (j0 / kLanes) * 2 * b * kLanes;
    for (size_t t = 0; t < 2 * b; t++) {
      v16sf r;
      std::memcpy(&r, tail + t * kLanes, sizeof r);
      const v16si lt = r < x;  // -1 where below x
      // Rank t < b is kept when not below x and t + copies >= b; rank k = n - 2b + t (t >= b) when
      // below x and k < end.
      v16si take;
      if (t < b) {
        below -= lt;
        take = t + copies >= b ? ~lt : zeroI;
      } else {
        above -= lt;
        take = int32_t(n - 2 * b + t) < end ? lt : zeroI;
      }
      const v16sf taken = take ? r : zero;  // +0 where not kept (the sums are exact)
      s0 += half(taken, 0);
      s1 += half(taken, 1);
    }
    // pos = pool values below x; the copies kept = |[pos, pos + copies) n [b, end)|.
    const v16si pos = below + (above > zeroI ? above + int32_t(n - 2 * b) : zeroI);
    const v16si upper = pos + int32_t(copies) < end ? pos + int32_t(copies) : zeroI + end;
    const v16si lower = pos > int32_t(b) ? pos : zeroI + int32_t(b);
    const v16si kc = upper > lower ? upper - lower : zeroI;
    const v16sf kcf = __builtin_convertvector(kc, v16sf);
    const v8sf y0 = __builtin_convertvector((s0 + half(kcf, 0) * half(x, 0)) / kept, v8sf);
    const v8sf y1 = __builtin_convertvector((s1 + half(kcf, 1) * half(x, 1)) / kept, v8sf);
    float y[kLanes], xs[kLanes], mxs[kLanes], mns[kLanes];
    std::memcpy(y, &y0, sizeof y0);
    std::memcpy(y + 8, &y1, sizeof y1);
    std::memcpy(xs, &x, sizeof xs);
    std::memcpy(mxs, &mx, sizeof mxs);
    std::memcpy(mns, &mn, sizeof mns);
    for (size_t l = 0; l < lanes; l++) {
      const bool exact = double(mxs[l]) < p.span * double(mns[l]);
      const float yl = exact ? y[l] : orderedTrimmedMean(p, j0 + l, xs[l], col.data());
      const double diff = double(yl) - o[l];
      acc += diff * diff;
    }
  }
  return acc;
}

}  // namespace

// trimmedMeanCopiesDistance(pool: Float32Array[], tails, copies, b, middle, minAbs, maxAbs, span,
// origin: Float64Array, dir: Float64Array, gamma) -> ||trimmed mean of [copies of x, pool] - origin||.
napi_value TrimmedMeanCopiesDistance(napi_env env, napi_callback_info info) {
  napi_value argv[11];
  if (!callArgs(env, info, 11, argv))
    return fail(env, "trimmedMeanCopiesDistance(pool, tails, copies, b, middle, minAbs, maxAbs, span, origin, dir, gamma) takes 11 arguments");
  std::vector<const float*> rows;
  size_t dim;
  void *t, *m, *lo, *hi, *o, *d;
  size_t nt, nm, nlo, nhi, no, nd;
  int32_t copies, b;
  double span, gamma;
  if (!float32Rows(env, argv[0], &rows, &dim) || !typedData(env, argv[1], napi_float32_array, &t, &nt) ||
      napi_get_value_int32(env, argv[2], &copies) != napi_ok || napi_get_value_int32(env, argv[3], &b) != napi_ok ||
      !typedData(env, argv[4], napi_float64_array, &m, &nm) || !typedData(env, argv[5], napi_float32_array, &lo, &nlo) ||
      !typedData(env, argv[6], napi_float32_array, &hi, &nhi) || !numberArg(env, argv[7], &span) ||
      !typedData(env, argv[8], napi_float64_array, &o, &no) || !typedData(env, argv[9], napi_float64_array, &d, &nd) ||
      !numberArg(env, argv[10], &gamma))
    return fail(env, "trimmedMeanCopiesDistance: argument types do not match");
  const size_t n = rows.size();
  const size_t padded = (dim + kLanes - 1) / kLanes * kLanes;
  if (n < 1 || copies < 0 || b < 0 || 2 * size_t(b) > n || nt != 2 * size_t(b) * padded || nm != padded || nlo != padded || nhi != padded ||
      no != dim || nd != dim)
    return fail(env, "trimmedMeanCopiesDistance: sizes do not match (tails 2b * padded; middle, minAbs, maxAbs padded; origin, dir dim; 2b <= n)");
  const Prepared p{rows.data(), static_cast<const float*>(t), n, dim, size_t(copies), size_t(b), static_cast<const double*>(m),
                   static_cast<const float*>(lo), static_cast<const float*>(hi), span};
  napi_value out;
  napi_create_double(env, std::sqrt(probeDistance(p, static_cast<const double*>(o), static_cast<const double*>(d), gamma)), &out);
  return out;
}

}  // namespace fedrank
