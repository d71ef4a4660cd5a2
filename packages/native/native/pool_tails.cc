// The pool side of the trimmed mean with copies (packages/voting/src/robust/
// trimmed-mean-with-copies.ts, prepareTrimmedMeanWithCopies): each coordinate's b lowest and b
// highest pool values, ascending, in blocks of 16 coordinates (value t of coordinate j at
// ((j >> 4) * 2b + t) * 16 + (j & 15)); the float64 sum of ranks [b, n - b) in ascending order; and
// the smallest nonzero and largest magnitude; and, in the same pass, the pool's coordinate-wise
// mean and unbiased deviation (packages/server/src/attacks/coordinate-stats.ts, bit for bit).
//
// Sixteen coordinates are sorted side by side by one sorting network (Batcher's odd-even merge
// sort for the next power of two, comparators that reach past n dropped: those compare with
// +infinity), with no data-dependent branch. Values that compare equal are bitwise equal or
// -0 and +0, and no sum or comparison downstream tells those apart, so every output the
// JavaScript derives from the sorted values is the same bit for bit.
#include <cmath>
#include <cstdint>
#include <cstring>
#include <utility>
#include <vector>

#include "napi_util.h"

namespace fedrank {
namespace {

constexpr size_t kLanes = 16;

// Batcher's odd-even merge sort network for n values, as (low, high) index pairs in order.
std::vector<std::pair<uint32_t, uint32_t>> sortingNetwork(size_t n) {
  std::vector<std::pair<uint32_t, uint32_t>> out;
  size_t p = 1;
  while (p < n) p <<= 1;
  for (size_t half = 1; half < p; half <<= 1)
    for (size_t k = half; k >= 1; k >>= 1) {
      for (size_t j = k % half; j + k < p; j += 2 * k)
        for (size_t i = 0; i < k && i + j + k < p; i++)
          if ((i + j) / (2 * half) == (i + j + k) / (2 * half) && i + j + k < n)
            out.emplace_back(uint32_t(i + j), uint32_t(i + j + k));
      if (k == 1) break;
    }
  return out;
}

typedef float v16sf __attribute__((vector_size(64)));

// One comparator over 16 lanes: lo[l] <= hi[l] afterwards, the pair of values kept.
inline __attribute__((always_inline)) void compareExchange(float* lo, float* hi) {
  v16sf a, b;
  std::memcpy(&a, lo, sizeof a);
  std::memcpy(&b, hi, sizeof b);
  const auto swap = b < a;
  const v16sf l = swap ? b : a;
  const v16sf h = swap ? a : b;
  std::memcpy(lo, &l, sizeof l);
  std::memcpy(hi, &h, sizeof h);
}

typedef float v8sf __attribute__((vector_size(32)));
typedef double v8d __attribute__((vector_size(64)));
typedef int v16si __attribute__((vector_size(64)));

// Sorts a block of 16 columns (v[i * 16 + l]: value i of column l, lanes >= `lanes` zero) and
// writes its outputs; false if a value is not finite.
__attribute__((target_clones("avx512f", "avx2", "default"))) bool sortBlock(float* v, size_t n, size_t b,
                                                                             const std::vector<std::pair<uint32_t, uint32_t>>& net,
                                                                             const float* const* rows, size_t j0, size_t lanes, float* tails,
                                                                             double* middle, float* minAbs, float* maxAbs, double* mean, double* std) {
  const v16sf zero = {};
  const v16sf largest = zero + 3.4028234663852886e38f;
  v16si bad = {};
  for (size_t i = 0; i < n; i++) {
    v16sf x = zero;
    if (lanes == kLanes)
      std::memcpy(&x, rows[i] + j0, sizeof x);
    else
      std::memcpy(&x, rows[i] + j0, lanes * sizeof(float));
    const v16sf ax = x < zero ? -x : x;
    bad |= !(ax <= largest);
    std::memcpy(v + i * kLanes, &x, sizeof x);
  }
  v16si none = {};
  if (std::memcmp(&bad, &none, sizeof bad) != 0) return false;
  // The mean and unbiased deviation in the pool's order (coordinate-stats.ts's sums).
  {
    v8d s0 = {}, s1 = {};
    for (size_t i = 0; i < n; i++) {
      v16sf x;
      std::memcpy(&x, v + i * kLanes, sizeof x);
      s0 += __builtin_convertvector(__builtin_shufflevector(x, x, 0, 1, 2, 3, 4, 5, 6, 7), v8d);
      s1 += __builtin_convertvector(__builtin_shufflevector(x, x, 8, 9, 10, 11, 12, 13, 14, 15), v8d);
    }
    const double inv = 1.0 / double(n);
    const v8d m0 = s0 * inv, m1 = s1 * inv;
    v8d q0 = {}, q1 = {};
    if (n > 1) {
      for (size_t i = 0; i < n; i++) {
        v16sf x;
      std::memcpy(&x, v + i * kLanes, sizeof x);
        const v8d d0 = __builtin_convertvector(__builtin_shufflevector(x, x, 0, 1, 2, 3, 4, 5, 6, 7), v8d) - m0;
        const v8d d1 = __builtin_convertvector(__builtin_shufflevector(x, x, 8, 9, 10, 11, 12, 13, 14, 15), v8d) - m1;
        q0 += d0 * d0;
        q1 += d1 * d1;
      }
      const double invDev = 1.0 / double(n - 1);
      for (size_t l = 0; l < 8; l++) q0[l] = std::sqrt(q0[l] * invDev), q1[l] = std::sqrt(q1[l] * invDev);
    }
    double out[2 * 8];
    std::memcpy(out, &m0, sizeof m0);
    std::memcpy(out + 8, &m1, sizeof m1);
    std::memcpy(mean + j0, out, lanes * sizeof(double));
    std::memcpy(out, &q0, sizeof q0);
    std::memcpy(out + 8, &q1, sizeof q1);
    std::memcpy(std + j0, out, lanes * sizeof(double));
  }
  for (const auto& c : net) compareExchange(v + c.first * kLanes, v + c.second * kLanes);
  v8d sumLo = {}, sumHi = {};
  const v16sf infinity = zero + INFINITY;
  v16sf small = infinity, large = zero;
  float* tail = tails + (j0 / kLanes) * 2 * b * kLanes;
  for (size_t k = 0; k < n; k++) {
    v16sf x;
    std::memcpy(&x, v + k * kLanes, sizeof x);
    if (k < b)
      std::memcpy(tail + k * kLanes, &x, sizeof x);
    else if (k >= n - b)
      std::memcpy(tail + (k - (n - 2 * b)) * kLanes, &x, sizeof x);
    else {
      v8sf lo, hi;
      std::memcpy(&lo, &x, sizeof lo);
      std::memcpy(&hi, reinterpret_cast<const char*>(&x) + sizeof lo, sizeof hi);
      sumLo += __builtin_convertvector(lo, v8d);
      sumHi += __builtin_convertvector(hi, v8d);
    }
    const v16sf a = x < zero ? -x : x;
    const v16sf nonzero = a == zero ? infinity : a;
    small = nonzero < small ? nonzero : small;
    large = a > large ? a : large;
  }
  // middle, minAbs and maxAbs are padded to a multiple of 16.
  std::memcpy(middle + j0, &sumLo, sizeof sumLo);
  std::memcpy(middle + j0 + 8, &sumHi, sizeof sumHi);
  std::memcpy(minAbs + j0, &small, sizeof small);
  std::memcpy(maxAbs + j0, &large, sizeof large);
  return true;
}


}  // namespace

// poolTails(pool: Float32Array[], b, tails: Float32Array (2b * padded), middle: Float64Array
// (padded), minAbs, maxAbs: Float32Array (padded), mean, std: Float64Array (dim)), padded = dim
// rounded up to a multiple of 16 -> false if a pool value is not finite (nothing useful written).
napi_value PoolTails(napi_env env, napi_callback_info info) {
  napi_value argv[8];
  if (!callArgs(env, info, 8, argv)) return fail(env, "poolTails(pool, b, tails, middle, minAbs, maxAbs, mean, std) takes 8 arguments");
  std::vector<const float*> rows;
  size_t dim;
  if (!float32Rows(env, argv[0], &rows, &dim) || rows.empty())
    return fail(env, "poolTails: pool must be a non-empty array of Float32Arrays of one length");
  const size_t n = rows.size();
  int32_t b;
  if (napi_get_value_int32(env, argv[1], &b) != napi_ok || b < 0 || 2 * size_t(b) > n) return fail(env, "poolTails: b must be in [0, n / 2]");
  const size_t padded = (dim + kLanes - 1) / kLanes * kLanes;
  void *t, *m, *lo, *hi, *me, *sd;
  size_t nt, nm, nlo, nhi, nme, nsd;
  if (!typedData(env, argv[2], napi_float32_array, &t, &nt) || nt != 2 * size_t(b) * padded ||
      !typedData(env, argv[3], napi_float64_array, &m, &nm) || nm != padded || !typedData(env, argv[4], napi_float32_array, &lo, &nlo) ||
      nlo != padded || !typedData(env, argv[5], napi_float32_array, &hi, &nhi) || nhi != padded ||
      !typedData(env, argv[6], napi_float64_array, &me, &nme) || nme != dim || !typedData(env, argv[7], napi_float64_array, &sd, &nsd) ||
      nsd != dim)
    return fail(env,
                "poolTails: tails (2b * padded), middle (Float64Array), minAbs and maxAbs (Float32Array) of padded = dim rounded up to 16, "
                "mean and std (Float64Array, dim) expected");
  const auto net = sortingNetwork(n);
  std::vector<float> v(n * kLanes);
  bool finite = true;
  for (size_t j0 = 0; j0 < dim && finite; j0 += kLanes) {
    const size_t lanes = dim - j0 < kLanes ? dim - j0 : kLanes;
    finite = sortBlock(v.data(), n, size_t(b), net, rows.data(), j0, lanes, static_cast<float*>(t), static_cast<double*>(m),
                       static_cast<float*>(lo), static_cast<float*>(hi), static_cast<double*>(me), static_cast<double*>(sd));
  }
  napi_value out;
  napi_get_boolean(env, finite, &out);
  return out;
}

}  // namespace fedrank
