// The keep mask found from the previous step's threshold instead of a full selection (see
// packages/supermask/src/incremental-mask.ts for the policy that picks the band).
//
// One pass over the layer (optionally the same pass that applies the SGD step of sgd.cc) keys
// every score (rule 0: absKey, rule 1: floatOrderKey; see mask_keys.h), counts the keys below
// the band [lo, hi], writes out = w * mask for every key outside the band (above: kept, below:
// pruned) and gathers the band's (key, index) pairs in index order. When the band holds the key
// of rank j - 1 (j = pruned), a selection among the band's keys gives that key T, and the band's
// edges are set exactly as a full selection would: keys above T kept, below pruned, and of the
// keys equal to T the first j - (keys below T) in index order pruned. Otherwise the caller
// widens the band or falls back to the full selection of mask.cc.
//
// Output values as mask.cc: rule 0 out = (kept ? 1 : 0) * w (a pruned negative weight gives -0),
// rule 1 out = kept ? w : +0. Under rule 1 a NaN score makes the band unusable (the full
// selection compares floats, and NaN is then neither pruned nor kept by rank).
//
// io (Float64Array of 5): in [0] lo key, [1] hi key; out [2] keys in the band (may exceed the
// gather capacity, candKeys.length), [3] keys below the band, [4] T, or -1 when the band does not
// hold rank j - 1 or overflowed, -2 for a NaN score under rule 1.
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <vector>

#include "mask_keys.h"
#include "napi_util.h"
#include "sgd_update.h"

namespace fedrank {
namespace {

struct SgdArgs {
  const float* g;
  float* b;
  double lr, m, wd;
};

struct BandArgs {
  float* p;
  const float* w;
  float* out;
  size_t n, j;
  uint32_t lo, hi;
  uint32_t* ck;
  uint32_t* ci;
  size_t cap;
};

struct BandCount {
  size_t below, inBand, nan;
};

inline __attribute__((always_inline)) float masked(bool abs, bool kept, float w) {
  // 1.0f or 0.0f from the bits (a vectorizable form), times w.
  return abs ? __builtin_bit_cast(float, 0x3f800000u & (0u - static_cast<uint32_t>(kept))) * w : (kept ? w : 0.0f);
}

template <bool Abs>
inline __attribute__((always_inline)) uint32_t keyOf(float x) {
  const uint32_t u = __builtin_bit_cast(uint32_t, x);
  return Abs ? absKey(u) : floatOrderKey(u);
}

// Keys, counts and outputs of one block. Counts as casts of comparisons, and the band test as
// one unsigned comparison: forms the compiler vectorizes.
template <bool Abs>
inline __attribute__((always_inline)) void countBlock(const float* __restrict p, const float* __restrict w, float* __restrict out, size_t n,
                                                      uint32_t lo, uint32_t hi, uint32_t* below, uint32_t* inBand, uint32_t* nan) {
  const uint32_t width = hi - lo;
  uint32_t b = 0, in = 0, na = 0;
  for (size_t i = 0; i < n; i++) {
    const uint32_t k = keyOf<Abs>(p[i]);
    if (!Abs) na += static_cast<uint32_t>(k == 0xffffffffu);
    b += static_cast<uint32_t>(k < lo);
    in += static_cast<uint32_t>(k - lo <= width);
    out[i] = masked(Abs, k > hi, w[i]);
  }
  *below = b;
  *inBand = in;
  *nan = na;
}

// Abs: rule 0 (|score| keys; with SGD the |score| straight-through step), else rule 1.
// Blocks of 64 edges, each in up to three short loops the compiler vectorizes apart from the
// third: the SGD step, then keys, counts and outputs, then (only in the few blocks that have
// band edges) the gathering. The block stays in L1 between the loops, so the layer is still
// read from memory once.
template <bool Abs, bool Sgd>
inline __attribute__((always_inline)) BandCount bandPass(const BandArgs& a, const SgdArgs& s) {
  constexpr size_t kBlock = 64;
  float* __restrict p = a.p;
  const float* __restrict w = a.w;
  float* __restrict out = a.out;
  const float* __restrict g = s.g;
  float* __restrict b = s.b;
  const uint32_t lo = a.lo, hi = a.hi, width = hi - lo;
  const double lr = s.lr, m = s.m, wd = s.wd;
  size_t below = 0, inBand = 0, nan = 0;
  for (size_t i0 = 0; i0 < a.n; i0 += kBlock) {
    const size_t i1 = std::min(a.n, i0 + kBlock);
    if (Sgd) {
      for (size_t i = i0; i < i1; i++) p[i] = Abs ? sgdAbs(p[i], g[i], w[i], b[i], lr, m, wd) : sgdSigned(p[i], g[i], w[i], b[i], lr, m, wd);
    }
    uint32_t blockBelow = 0, blockIn = 0, blockNan = 0;
    countBlock<Abs>(p + i0, w + i0, out + i0, i1 - i0, lo, hi, &blockBelow, &blockIn, &blockNan);
    below += blockBelow;
    nan += blockNan;
    if (blockIn == 0) continue;
    for (size_t i = i0; i < i1; i++) {
      const uint32_t k = keyOf<Abs>(p[i]);
      if (k - lo > width) continue;
      if (inBand < a.cap) {
        a.ck[inBand] = k;
        a.ci[inBand] = static_cast<uint32_t>(i);
      }
      inBand++;
    }
  }
  return {below, inBand, nan};
}

FEDRANK_CLONES BandCount passAbs(const BandArgs& a) { return bandPass<true, false>(a, SgdArgs{}); }
FEDRANK_CLONES BandCount passSigned(const BandArgs& a) { return bandPass<false, false>(a, SgdArgs{}); }
FEDRANK_CLONES BandCount sgdPassAbs(const BandArgs& a, const SgdArgs& s) { return bandPass<true, true>(a, s); }
FEDRANK_CLONES BandCount sgdPassSigned(const BandArgs& a, const SgdArgs& s) { return bandPass<false, true>(a, s); }

// The threshold key within the band and the band's edges set; -1 when the band misses rank j - 1.
double finishBand(const BandArgs& a, const BandCount& c, bool abs) {
  if (!abs && c.nan > 0) return -2;
  const size_t k = a.j - 1;
  if (c.inBand > a.cap || c.below > k || c.below + c.inBand <= k) return -1;
  const size_t m = c.inBand;
  thread_local std::vector<uint32_t> scratch;
  scratch.assign(a.ck, a.ck + m);
  const size_t r = k - c.below;
  std::nth_element(scratch.begin(), scratch.begin() + static_cast<std::ptrdiff_t>(r), scratch.end());
  const uint32_t t = scratch[r];
  size_t less = c.below;
  for (size_t q = 0; q < m; q++) less += a.ck[q] < t ? 1 : 0;
  size_t need = a.j - less;  // ties at t that stay pruned, the first in index order
  for (size_t q = 0; q < m; q++) {
    const uint32_t key = a.ck[q];
    bool kept = key > t;
    if (key == t) {
      if (need > 0) need--;
      else kept = true;
    }
    a.out[a.ci[q]] = masked(abs, kept, a.w[a.ci[q]]);
  }
  return t;
}

inline bool failed(napi_env env, const std::string& message) {
  fail(env, message);
  return false;
}

// Parses (rule, p, w, pruned, out, candKeys, candIdx, io) (argv[0..8), shared by both entry points); false after
// throwing.
bool bandArgs(napi_env env, napi_value* argv, const char* name, int32_t* rule, BandArgs* a, double** io) {
  if (napi_get_value_int32(env, argv[0], rule) != napi_ok || *rule < 0 || *rule > 1) return failed(env, std::string(name) + ": rule must be 0 or 1");
  void *p, *w, *o, *ck, *ci, *iov;
  size_t np, nw, no, nk, ni, nio;
  if (!typedData(env, argv[1], napi_float32_array, &p, &np) || !typedData(env, argv[2], napi_float32_array, &w, &nw) ||
      !typedData(env, argv[4], napi_float32_array, &o, &no))
    return failed(env, std::string(name) + ": scores, weights and out must be Float32Arrays");
  if (nw != np || no != np) return failed(env, std::string(name) + ": arrays differ in length");
  if (!typedData(env, argv[5], napi_uint32_array, &ck, &nk) || !typedData(env, argv[6], napi_uint32_array, &ci, &ni) || nk != ni || nk == 0)
    return failed(env, std::string(name) + ": candKeys and candIdx must be Uint32Arrays of one non-zero length");
  if (!typedData(env, argv[7], napi_float64_array, &iov, &nio) || nio < 5) return failed(env, std::string(name) + ": io must be a Float64Array of length >= 5");
  double pruned;
  if (!numberArg(env, argv[3], &pruned) || pruned < 1 || pruned >= static_cast<double>(np) || pruned != static_cast<double>(static_cast<size_t>(pruned)))
    return failed(env, std::string(name) + ": pruned must be an integer in [1, n)");
  *io = static_cast<double*>(iov);
  const double lo = (*io)[0], hi = (*io)[1];
  if (!(lo >= 0 && hi <= 4294967295.0 && lo <= hi) || lo != static_cast<double>(static_cast<uint32_t>(lo)) || hi != static_cast<double>(static_cast<uint32_t>(hi)))
    return failed(env, std::string(name) + ": io[0..1] must be uint32 keys lo <= hi");
  *a = BandArgs{static_cast<float*>(p), static_cast<const float*>(w), static_cast<float*>(o), np, static_cast<size_t>(pruned),
                static_cast<uint32_t>(lo), static_cast<uint32_t>(hi), static_cast<uint32_t*>(ck), static_cast<uint32_t*>(ci), nk};
  return true;
}

void report(double* io, const BandCount& c, double t) {
  io[2] = static_cast<double>(c.inBand);
  io[3] = static_cast<double>(c.below);
  io[4] = t;
}

}  // namespace

// maskBand(rule, scores, weights, pruned, out, candKeys, candIdx, io)
napi_value MaskBand(napi_env env, napi_callback_info info) {
  napi_value argv[8];
  if (!callArgs(env, info, 8, argv)) return fail(env, "maskBand(rule, scores, weights, pruned, out, candKeys, candIdx, io) takes 8 arguments");
  int32_t rule;
  BandArgs a;
  double* io;
  if (!bandArgs(env, argv, "maskBand", &rule, &a, &io)) return nullptr;
  const BandCount c = rule == 0 ? passAbs(a) : passSigned(a);
  report(io, c, finishBand(a, c, rule == 0));
  return undefinedValue(env);
}

// sgdStepMaskBand(rule, params, weights, pruned, out, candKeys, candIdx, io, grads, buffer, lr, momentum, weightDecay):
// the straight-through SGD step of the rule (sgd.cc mode 1 for rule 0, mode 2 for rule 1), then maskBand
// of the new scores, in one pass.
napi_value SgdStepMaskBand(napi_env env, napi_callback_info info) {
  napi_value argv[13];
  if (!callArgs(env, info, 13, argv))
    return fail(env, "sgdStepMaskBand(rule, params, weights, pruned, out, candKeys, candIdx, io, grads, buffer, lr, momentum, weightDecay) takes 13 arguments");
  int32_t rule;
  BandArgs a;
  double* io;
  if (!bandArgs(env, argv, "sgdStepMaskBand", &rule, &a, &io)) return nullptr;
  void *g, *b;
  size_t ng, nb;
  if (!typedData(env, argv[8], napi_float32_array, &g, &ng) || !typedData(env, argv[9], napi_float32_array, &b, &nb))
    return fail(env, "sgdStepMaskBand: grads and buffer must be Float32Arrays");
  if (ng != a.n || nb != a.n) return fail(env, "sgdStepMaskBand: arrays differ in length");
  SgdArgs s{static_cast<const float*>(g), static_cast<float*>(b), 0, 0, 0};
  if (!numberArg(env, argv[10], &s.lr) || !numberArg(env, argv[11], &s.m) || !numberArg(env, argv[12], &s.wd))
    return fail(env, "sgdStepMaskBand: lr, momentum and weightDecay must be numbers");
  const BandCount c = rule == 0 ? sgdPassAbs(a, s) : sgdPassSigned(a, s);
  report(io, c, finishBand(a, c, rule == 0));
  return undefinedValue(env);
}

}  // namespace fedrank
