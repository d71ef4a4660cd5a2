// Stable argsort of float32 values, ascending, by LSD radix sort on the order-preserving key of
// the float bits (mask_keys.h signedKey: -0 before +0, every NaN after +Infinity); ties keep index
// order. Three passes of 11/11/10 bits, lowest digit first; a pass whose digit is the same for
// every key is skipped. The same permutation as packages/voting/src/argsort.ts (sorting is exact).
#include <cstdint>
#include <cstring>
#include <vector>

#include "mask_keys.h"
#include "napi_util.h"

namespace fedrank {
namespace {

constexpr uint32_t kBuckets = 2048;
constexpr uint32_t kShift[3] = {0, 11, 22};
constexpr uint32_t kMask[3] = {0x7ff, 0x7ff, 0x3ff};

struct Pair {
  uint32_t key;
  uint32_t index;
};

void argsort(const uint32_t* bits, uint32_t* out, size_t n) {
  uint32_t hist[3][kBuckets];
  std::memset(hist, 0, sizeof(hist));
  for (size_t i = 0; i < n; i++) {
    const uint32_t k = signedKey(bits[i]);
    hist[0][k & 0x7ff]++;
    hist[1][(k >> 11) & 0x7ff]++;
    hist[2][k >> 22]++;
  }
  int passes[3];
  int count = 0;
  for (int p = 0; p < 3; p++) {
    uint32_t* h = hist[p];
    uint32_t d = 0;
    while (h[d] == 0) d++;
    if (h[d] == n) continue;  // constant digit
    uint32_t sum = 0;
    for (d = 0; d <= kMask[p]; d++) {
      const uint32_t c = h[d];
      h[d] = sum;
      sum += c;
    }
    passes[count++] = p;
  }
  if (count == 0) {
    for (size_t i = 0; i < n; i++) out[i] = static_cast<uint32_t>(i);
    return;
  }
  if (count == 1) {
    const int p = passes[0];
    uint32_t* off = hist[p];
    for (size_t i = 0; i < n; i++) out[off[(signedKey(bits[i]) >> kShift[p]) & kMask[p]]++] = static_cast<uint32_t>(i);
    return;
  }
  thread_local std::vector<Pair> scratchA, scratchB;
  if (scratchA.size() < n) {
    scratchA.resize(n);
    scratchB.resize(n);
  }
  Pair* a = scratchA.data();
  Pair* b = scratchB.data();
  {
    const int p = passes[0];
    uint32_t* off = hist[p];
    for (size_t i = 0; i < n; i++) {
      const uint32_t k = signedKey(bits[i]);
      a[off[(k >> kShift[p]) & kMask[p]]++] = {k, static_cast<uint32_t>(i)};
    }
  }
  for (int t = 1; t < count - 1; t++) {
    const int p = passes[t];
    uint32_t* off = hist[p];
    for (size_t i = 0; i < n; i++) b[off[(a[i].key >> kShift[p]) & kMask[p]]++] = a[i];
    std::swap(a, b);
  }
  const int p = passes[count - 1];
  uint32_t* off = hist[p];
  for (size_t i = 0; i < n; i++) out[off[(a[i].key >> kShift[p]) & kMask[p]]++] = a[i].index;
}

}  // namespace

// argsortFloat32(values: Float32Array, out: Uint32Array of the same length).
napi_value ArgsortFloat32(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  if (!callArgs(env, info, 2, argv)) return fail(env, "argsortFloat32(values, out) takes 2 arguments");
  void *values, *out;
  size_t n, m;
  if (!typedData(env, argv[0], napi_float32_array, &values, &n)) return fail(env, "argsortFloat32: values must be a Float32Array");
  if (!typedData(env, argv[1], napi_uint32_array, &out, &m) || m != n)
    return fail(env, "argsortFloat32: out must be a Uint32Array of the values' length");
  if (n > 0xffffffffu) return fail(env, "argsortFloat32: at most 2^32 - 1 values");
  argsort(static_cast<const uint32_t*>(values), static_cast<uint32_t*>(out), n);
  return undefinedValue(env);
}

}  // namespace fedrank
