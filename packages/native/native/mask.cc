// The edge-popup keep mask applied to the frozen weights, out = w * mask, with j edges pruned:
//   rule 0 ('reference'): prune the j smallest |score|; ties at the threshold: lower ids first;
//                          out = w * mask (so a pruned negative weight gives -0), as in JavaScript;
//   rule 1 ('top-rank'):   t = the j-th smallest signed score; prune scores below t and the first
//                          (by id) of those equal to t until j are pruned; out = w or +0.
// The threshold key is found by a two-level radix select (16 + 16 bits of the order-preserving
// uint32 key of the float bits), O(n). Same results as packages/supermask/src/mask-rule.ts.
#include <cstdint>
#include <cstring>
#include <vector>

#include "mask_keys.h"
#include "napi_util.h"

namespace fedrank {
namespace {

struct Selected {
  uint32_t key;
  size_t less;   // keys below `key`
  size_t equal;  // keys equal to `key`
};

// The key of rank k (0-based, ascending) and the number of keys below it.
template <uint32_t (*Key)(uint32_t)>
Selected select(const uint32_t* bits, size_t n, size_t k) {
  // Thread-local scratch, accessed through a plain pointer: thread_local lookups in a shared
  // library are function calls, too slow inside the loops.
  thread_local std::vector<uint32_t> scratch(4 * 65536);
  uint32_t* hist = scratch.data();
  std::fill(hist, hist + 4 * 65536, 0);
  // Four interleaved histograms: repeated increments of one bucket (scores crowd into a few
  // exponents) would otherwise wait on each other.
  const size_t n4 = n & ~size_t(3);
  for (size_t i = 0; i < n4; i += 4) {
    hist[Key(bits[i]) >> 16]++;
    hist[65536 + (Key(bits[i + 1]) >> 16)]++;
    hist[2 * 65536 + (Key(bits[i + 2]) >> 16)]++;
    hist[3 * 65536 + (Key(bits[i + 3]) >> 16)]++;
  }
  for (size_t i = n4; i < n; i++) hist[Key(bits[i]) >> 16]++;
  for (size_t d = 0; d < 65536; d++) hist[d] += hist[65536 + d] + hist[2 * 65536 + d] + hist[3 * 65536 + d];
  size_t before = 0;
  uint32_t top = 0;
  for (;; top++) {
    if (k < before + hist[top]) break;
    before += hist[top];
  }
  std::fill(hist, hist + 65536, 0);
  for (size_t i = 0; i < n; i++) {
    const uint32_t key = Key(bits[i]);
    if ((key >> 16) == top) hist[key & 0xffffu]++;
  }
  uint32_t low = 0;
  for (;; low++) {
    if (k < before + hist[low]) break;
    before += hist[low];
  }
  return {(top << 16) | low, before, hist[low]};
}

// Branch-free over the bulk (kept = key above the threshold). Of the keys equal to the
// threshold, the first `need` in index order stay pruned; the others (rare: ties of float bits)
// are set in a second pass only when there are any.
FEDRANK_CLONES size_t maskReference(const float* scores, const float* w, float* out, size_t n, size_t j, uint32_t* threshold) {
  const auto* bits = reinterpret_cast<const uint32_t*>(scores);
  const Selected s = select<absKey>(bits, n, j - 1);
  const uint32_t t = s.key;
  *threshold = t;
  for (size_t i = 0; i < n; i++) out[i] = (absKey(bits[i]) > t ? 1.0f : 0.0f) * w[i];
  size_t need = j - s.less;
  if (s.equal > need) {
    for (size_t i = 0; i < n; i++) {
      if (absKey(bits[i]) != t) continue;
      if (need > 0) need--;
      else out[i] = 1.0f * w[i];
    }
  }
  return n - j;
}

FEDRANK_CLONES size_t maskTopRank(const float* scores, const float* w, float* out, size_t n, size_t j, uint32_t* threshold) {
  const auto* bits = reinterpret_cast<const uint32_t*>(scores);
  const Selected s = select<signedKey>(bits, n, j - 1);
  // The threshold as a float, then float comparisons exactly as the JavaScript version does
  // (there -0 equals +0, and NaN compares false).
  uint32_t u = s.key == 0xffffffffu ? 0x7fc00000u : (s.key & 0x80000000u) ? (s.key ^ 0x80000000u) : ~s.key;
  float t;
  std::memcpy(&t, &u, sizeof t);
  *threshold = floatOrderKey(u);
  size_t below = 0, equal = 0, above = 0;
  for (size_t i = 0; i < n; i++) {
    below += scores[i] < t ? 1 : 0;
    equal += scores[i] == t ? 1 : 0;
  }
  for (size_t i = 0; i < n; i++) {
    const bool keep = scores[i] > t;
    out[i] = keep ? w[i] : 0.0f;
    above += keep ? 1 : 0;
  }
  // Of the ties, the first j - below (in index order) stay pruned.
  size_t prune = j > below ? j - below : 0;
  size_t kept = above;
  if (equal > prune) {
    for (size_t i = 0; i < n; i++) {
      if (!(scores[i] == t)) continue;
      if (prune > 0) prune--;
      else {
        out[i] = w[i];
        kept++;
      }
    }
  }
  return kept;
}

}  // namespace

// maskedWeights(rule, scores, weights, pruned, out[, threshold]) -> kept edges. 0 < pruned < n.
// threshold (a Float64Array) receives the key of the largest pruned score: absKey for rule 0,
// floatOrderKey for rule 1 (see mask_keys.h).
napi_value MaskedWeights(napi_env env, napi_callback_info info) {
  napi_value argv[6];
  size_t argc = 6;
  if (napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr) != napi_ok || argc < 5 || argc > 6)
    return fail(env, "maskedWeights(rule, scores, weights, pruned, out[, threshold]) takes 5 or 6 arguments");
  int32_t rule = -1;
  if (napi_get_value_int32(env, argv[0], &rule) != napi_ok || rule < 0 || rule > 1) return fail(env, "maskedWeights: rule must be 0 or 1");
  void *s, *w, *o;
  size_t ns, nw, no;
  if (!typedData(env, argv[1], napi_float32_array, &s, &ns) || !typedData(env, argv[2], napi_float32_array, &w, &nw) ||
      !typedData(env, argv[4], napi_float32_array, &o, &no))
    return fail(env, "maskedWeights: scores, weights and out must be Float32Arrays");
  if (nw != ns || no != ns) return fail(env, "maskedWeights: arrays differ in length");
  double pruned;
  if (!numberArg(env, argv[3], &pruned) || pruned < 1 || pruned >= static_cast<double>(ns) || pruned != static_cast<double>(static_cast<size_t>(pruned)))
    return fail(env, "maskedWeights: pruned must be an integer in [1, n)");
  void* th = nullptr;
  size_t nth = 0;
  if (argc == 6 && (!typedData(env, argv[5], napi_float64_array, &th, &nth) || nth < 1))
    return fail(env, "maskedWeights: threshold must be a Float64Array of length >= 1");
  const size_t j = static_cast<size_t>(pruned);
  const auto* sf = static_cast<const float*>(s);
  const auto* wf = static_cast<const float*>(w);
  auto* of = static_cast<float*>(o);
  uint32_t t = 0;
  const size_t kept = rule == 0 ? maskReference(sf, wf, of, ns, j, &t) : maskTopRank(sf, wf, of, ns, j, &t);
  if (th) static_cast<double*>(th)[0] = t;
  napi_value result;
  napi_create_double(env, static_cast<double>(kept), &result);
  return result;
}

}  // namespace fedrank
