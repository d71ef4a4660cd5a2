// Typed-array kernels of the server's receive path, each the same computation as its JavaScript
// twin (exact: integer work only), several times faster on 1.6M-edge rankings:
//   firstNonPermutation(p)            packages/server/src/codecs/permutation-check.ts
//   packBits / unpackBits             packages/server/src/codecs/bits.ts
//   scatterInverse / addAndClear      packages/voting/src/borda.ts
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <vector>

#include "napi_util.h"

namespace fedrank {
namespace {

constexpr uint32_t kSentinel = 0xffffffffu;

bool uint32Arg(napi_env env, napi_value v, uint32_t** data, size_t* n) {
  void* p;
  if (!typedData(env, v, napi_uint32_array, &p, n)) return false;
  *data = static_cast<uint32_t*>(p);
  return true;
}

napi_value number(napi_env env, double x) {
  napi_value out;
  napi_create_double(env, x, &out);
  return out;
}

bool bitPosArg(napi_env env, napi_value v, double* pos) {
  return numberArg(env, v, pos) && *pos >= 0 && *pos <= 9007199254740991.0 && *pos == static_cast<double>(static_cast<uint64_t>(*pos));
}

}  // namespace

// firstNonPermutation(p: Uint32Array): index of the first id out of [0, n) or already seen; -1.
napi_value FirstNonPermutation(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  if (!callArgs(env, info, 1, argv)) return fail(env, "firstNonPermutation(p) takes 1 argument");
  uint32_t* p;
  size_t n;
  if (!uint32Arg(env, argv[0], &p, &n)) return fail(env, "firstNonPermutation: p must be a Uint32Array");
  thread_local std::vector<uint64_t> seen;
  seen.assign((n + 63) / 64, 0);
  uint64_t* s = seen.data();
  for (size_t i = 0; i < n; i++) {
    const uint32_t v = p[i];
    if (v >= n) return number(env, static_cast<double>(i));
    const uint64_t bit = uint64_t(1) << (v & 63);
    if (s[v >> 6] & bit) return number(env, static_cast<double>(i));
    s[v >> 6] |= bit;
  }
  return number(env, -1);
}

// packBits(values, width, words, bitPos) -> new bitPos. Appends each value's low `width` bits
// (values must be below 2^width) LSB first; the stream must be zero from bitPos on and hold the
// bits written.
napi_value PackBits(napi_env env, napi_callback_info info) {
  napi_value argv[4];
  if (!callArgs(env, info, 4, argv)) return fail(env, "packBits(values, width, words, bitPos) takes 4 arguments");
  uint32_t *values, *words;
  size_t n, nw;
  int32_t width;
  double pos;
  if (!uint32Arg(env, argv[0], &values, &n) || !uint32Arg(env, argv[2], &words, &nw))
    return fail(env, "packBits: values and words must be Uint32Arrays");
  if (napi_get_value_int32(env, argv[1], &width) != napi_ok || width < 0 || width > 32) return fail(env, "packBits: width must be 0..32");
  if (!bitPosArg(env, argv[3], &pos)) return fail(env, "packBits: bitPos must be a non-negative integer");
  const uint64_t start = static_cast<uint64_t>(pos);
  const uint64_t end = start + uint64_t(n) * width;
  if (width == 0 || n == 0) return number(env, static_cast<double>(end));
  if ((end + 31) / 32 > nw) return fail(env, "packBits: words too short for the bits written");
  size_t wi = start / 32;
  uint32_t fill = start % 32;
  uint64_t acc = fill == 0 ? 0 : words[wi];
  for (size_t i = 0; i < n; i++) {
    acc |= uint64_t(values[i]) << fill;
    fill += width;
    if (fill >= 32) {
      words[wi++] = static_cast<uint32_t>(acc);
      acc >>= 32;
      fill -= 32;
    }
  }
  if (fill > 0) words[wi] = static_cast<uint32_t>(acc);
  return number(env, static_cast<double>(end));
}

// unpackBits(words, bitPos, width, out) -> new bitPos: out.length values of `width` bits.
napi_value UnpackBits(napi_env env, napi_callback_info info) {
  napi_value argv[4];
  if (!callArgs(env, info, 4, argv)) return fail(env, "unpackBits(words, bitPos, width, out) takes 4 arguments");
  uint32_t *words, *out;
  size_t nw, n;
  int32_t width;
  double pos;
  if (!uint32Arg(env, argv[0], &words, &nw) || !uint32Arg(env, argv[3], &out, &n))
    return fail(env, "unpackBits: words and out must be Uint32Arrays");
  if (napi_get_value_int32(env, argv[2], &width) != napi_ok || width < 0 || width > 32) return fail(env, "unpackBits: width must be 0..32");
  if (!bitPosArg(env, argv[1], &pos)) return fail(env, "unpackBits: bitPos must be a non-negative integer");
  const uint64_t start = static_cast<uint64_t>(pos);
  if (width == 0) {
    std::fill(out, out + n, 0u);
    return number(env, static_cast<double>(start));
  }
  const uint64_t end = start + uint64_t(n) * width;
  // The JavaScript reader looks one word past the last bit read (allocWords adds a guard word).
  if (end / 32 + 1 > nw) return fail(env, "unpackBits: words too short for the bits read");
  const uint64_t mask = width == 32 ? 0xffffffffu : (uint64_t(1) << width) - 1;
  size_t wi = start / 32;
  uint32_t have = 32 - start % 32;
  uint64_t buf = words[wi] >> (start % 32);
  for (size_t i = 0; i < n; i++) {
    if (have < static_cast<uint32_t>(width)) {
      buf |= uint64_t(words[++wi]) << have;
      have += 32;
    }
    out[i] = static_cast<uint32_t>(buf & mask);
    buf >>= width;
    have -= width;
  }
  return number(env, static_cast<double>(end));
}

// scatterInverse(ranking, inv): inv[ranking[i]] = i; ids >= inv.length are dropped.
napi_value ScatterInverse(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  if (!callArgs(env, info, 2, argv)) return fail(env, "scatterInverse(ranking, inv) takes 2 arguments");
  uint32_t *ranking, *inv;
  size_t n, m;
  if (!uint32Arg(env, argv[0], &ranking, &n) || !uint32Arg(env, argv[1], &inv, &m))
    return fail(env, "scatterInverse: ranking and inv must be Uint32Arrays");
  for (size_t i = 0; i < n; i++) {
    const uint32_t e = ranking[i];
    if (e < m) inv[e] = static_cast<uint32_t>(i);
  }
  return undefinedValue(env);
}

// addAndClear(sums: Float64Array, inv): sums[e] += inv[e], inv[e] = SENTINEL, stopping at the
// first SENTINEL; returns the number of edges processed.
napi_value AddAndClear(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  if (!callArgs(env, info, 2, argv)) return fail(env, "addAndClear(sums, inv) takes 2 arguments");
  void* s;
  uint32_t* inv;
  size_t ns, n;
  if (!typedData(env, argv[0], napi_float64_array, &s, &ns) || !uint32Arg(env, argv[1], &inv, &n) || ns < n)
    return fail(env, "addAndClear: sums must be a Float64Array at least as long as the Uint32Array inv");
  double* sums = static_cast<double*>(s);
  for (size_t e = 0; e < n; e++) {
    const uint32_t v = inv[e];
    if (v == kSentinel) return number(env, static_cast<double>(e));
    sums[e] += v;
    inv[e] = kSentinel;
  }
  return number(env, static_cast<double>(n));
}

}  // namespace fedrank
