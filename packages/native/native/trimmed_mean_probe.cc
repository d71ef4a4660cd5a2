// Probes of AGR-tailored's search against the trimmed mean (packages/voting/src/robust/
// trimmed-mean-with-copies.ts, trimmedMeanWithCopiesDistances): x = float32(origin - gamma * dir),
// y = the trimmed mean of [copies of x, pool] from the pool's tails (poolTails), and
// ||y - origin||, the same value bit for bit as the JavaScript.
//
// Sixteen coordinates at a time. Where a coordinate's sums are exact (every float64 partial sum of
// its values is exact, see the TypeScript) their order does not matter, so y is computed without
// branches from the tails: the pool values below x there say where the copies sit. Elsewhere the
// coordinate's pool values are sorted again and the kept values summed in the rule's order, as the
// JavaScript does. The squared differences are added in coordinate order. Up to four gammas share
// one pass over the pool side.
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

// One block of 16 coordinates for one candidate: y (the exact-path values) and, per lane, whether
// the exact path holds there.
inline __attribute__((always_inline)) void blockMean(const Prepared& p, const v8d& o0, const v8d& o1, const v8d& d0, const v8d& d1,
                                                     double gamma, const v16sf& lo, const v16sf& hi, const v8d& m0, const v8d& m1,
                                                     const float* tail, float* y, float* xs, bool* exact) {
  const size_t n = p.n, b = p.b, copies = p.copies;
  const int32_t end = int32_t(copies + n - b);
  const double kept = double(copies + n - 2 * b);
  const v16sf zero = {};
  const v16si zeroI = {};
  const v8sf x0 = __builtin_convertvector(o0 - gamma * d0, v8sf);
  const v8sf x1 = __builtin_convertvector(o1 - gamma * d1, v8sf);
  v16sf x;
  std::memcpy(&x, &x0, sizeof x0);
  std::memcpy(reinterpret_cast<char*>(&x) + sizeof x0, &x1, sizeof x1);
  // Exact where max(|x|, maxAbs) < span * min(nonzero |x|, minAbs).
  const v16sf ax = x < zero ? -x : x;
  const v16sf mx = ax > hi ? ax : hi;
  const v16sf axNonzero = ax == zero ? zero + INFINITY : ax;
  const v16sf mn = axNonzero < lo ? axNonzero : lo;
  // Where the copies sit: pool values below x among the low tail, and among the high tail.
  v16si below = zeroI, above = zeroI;
  v8d s0 = m0, s1 = m1;
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
  float mxs[kLanes], mns[kLanes];
  std::memcpy(y, &y0, sizeof y0);
  std::memcpy(y + 8, &y1, sizeof y1);
  std::memcpy(xs, &x, sizeof x);
  std::memcpy(mxs, &mx, sizeof mxs);
  std::memcpy(mns, &mn, sizeof mns);
  for (size_t l = 0; l < kLanes; l++) exact[l] = double(mxs[l]) < p.span * double(mns[l]);
}

constexpr size_t kMaxCandidates = 4;

// acc[c] = the squared distance for gammas[c], c < count (<= kMaxCandidates): the candidates share
// each block's reads.
__attribute__((target_clones("avx512f", "avx2", "default"))) void probeDistances(const Prepared& p, const double* origin, const double* dir,
                                                                                  const double* gammas, size_t count, double* acc) {
  const size_t dim = p.dim, b = p.b;
  std::vector<float> col(p.n);
  for (size_t c = 0; c < count; c++) acc[c] = 0;
  for (size_t j0 = 0; j0 < dim; j0 += kLanes) {
    const size_t lanes = dim - j0 < kLanes ? dim - j0 : kLanes;
    // The block's origin and direction (lanes past dim: 0) and pool side.
    double o[kLanes] = {}, d[kLanes] = {};
    std::memcpy(o, origin + j0, lanes * sizeof(double));
    std::memcpy(d, dir + j0, lanes * sizeof(double));
    v8d o0, o1, d0, d1, m0, m1;
    std::memcpy(&o0, o, sizeof o0);
    std::memcpy(&o1, o + 8, sizeof o1);
    std::memcpy(&d0, d, sizeof d0);
    std::memcpy(&d1, d + 8, sizeof d1);
    std::memcpy(&m0, p.middle + j0, sizeof m0);
    std::memcpy(&m1, p.middle + j0 + 8, sizeof m1);
    v16sf lo, hi;
    std::memcpy(&lo, p.minAbs + j0, sizeof lo);
    std::memcpy(&hi, p.maxAbs + j0, sizeof hi);
    const float* tail = p.tails + (j0 / kLanes) * 2 * b * kLanes;
    for (size_t c = 0; c < count; c++) {
      float y[kLanes], xs[kLanes];
      bool exact[kLanes];
      blockMean(p, o0, o1, d0, d1, gammas[c], lo, hi, m0, m1, tail, y, xs, exact);
      double a = acc[c];
      for (size_t l = 0; l < lanes; l++) {
        const float yl = exact[l] ? y[l] : orderedTrimmedMean(p, j0 + l, xs[l], col.data());
        const double diff = double(yl) - o[l];
        a += diff * diff;
      }
      acc[c] = a;
    }
  }
}

}  // namespace

// trimmedMeanCopiesDistances(pool: Float32Array[], tails, copies, b, middle, minAbs, maxAbs, span,
// origin: Float64Array, dir: Float64Array, gammas: Float64Array (1 to 4), out: Float64Array (as
// many)): out[c] = ||trimmed mean of [copies of x_c, pool] - origin||, x_c = float32(origin - gammas[c] * dir).
napi_value TrimmedMeanCopiesDistances(napi_env env, napi_callback_info info) {
  napi_value argv[12];
  if (!callArgs(env, info, 12, argv))
    return fail(env,
                "trimmedMeanCopiesDistances(pool, tails, copies, b, middle, minAbs, maxAbs, span, origin, dir, gammas, out) takes 12 arguments");
  std::vector<const float*> rows;
  size_t dim;
  void *t, *m, *lo, *hi, *o, *d, *g, *out;
  size_t nt, nm, nlo, nhi, no, nd, ng, nout;
  int32_t copies, b;
  double span;
  if (!float32Rows(env, argv[0], &rows, &dim) || !typedData(env, argv[1], napi_float32_array, &t, &nt) ||
      napi_get_value_int32(env, argv[2], &copies) != napi_ok || napi_get_value_int32(env, argv[3], &b) != napi_ok ||
      !typedData(env, argv[4], napi_float64_array, &m, &nm) || !typedData(env, argv[5], napi_float32_array, &lo, &nlo) ||
      !typedData(env, argv[6], napi_float32_array, &hi, &nhi) || !numberArg(env, argv[7], &span) ||
      !typedData(env, argv[8], napi_float64_array, &o, &no) || !typedData(env, argv[9], napi_float64_array, &d, &nd) ||
      !typedData(env, argv[10], napi_float64_array, &g, &ng) || !typedData(env, argv[11], napi_float64_array, &out, &nout))
    return fail(env, "trimmedMeanCopiesDistances: argument types do not match");
  const size_t n = rows.size();
  const size_t padded = (dim + kLanes - 1) / kLanes * kLanes;
  if (n < 1 || copies < 0 || b < 0 || 2 * size_t(b) > n || nt != 2 * size_t(b) * padded || nm != padded || nlo != padded || nhi != padded ||
      no != dim || nd != dim || ng < 1 || ng > kMaxCandidates || nout != ng)
    return fail(env,
                "trimmedMeanCopiesDistances: sizes do not match (tails 2b * padded; middle, minAbs, maxAbs padded; origin, dir dim; 1 to 4 "
                "gammas and as many outputs; 2b <= n)");
  const Prepared p{rows.data(), static_cast<const float*>(t), n, dim, size_t(copies), size_t(b), static_cast<const double*>(m),
                   static_cast<const float*>(lo), static_cast<const float*>(hi), span};
  double* res = static_cast<double*>(out);
  probeDistances(p, static_cast<const double*>(o), static_cast<const double*>(d), static_cast<const double*>(g), ng, res);
  for (size_t c = 0; c < ng; c++) res[c] = std::sqrt(res[c]);
  return undefinedValue(env);
}

}  // namespace fedrank
