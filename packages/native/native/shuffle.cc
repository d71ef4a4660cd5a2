// Fisher-Yates shuffle of a Uint32Array driven by xoshiro128** (packages/random/src/rng.ts,
// Rng.shuffle): the same draws (an unbiased integer in [0, i] by rejecting x >= 2^32 - 2^32 mod
// (i + 1)), so the same permutation and the same generator state afterwards.
#include <cstdint>

#include "napi_util.h"

namespace fedrank {
namespace {

inline uint32_t rotl(uint32_t x, int k) { return (x << k) | (x >> (32 - k)); }

}  // namespace

// shuffleUint32(arr: Uint32Array, state: Uint32Array of 4 (a, b, c, d), updated in place).
napi_value ShuffleUint32(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  if (!callArgs(env, info, 2, argv)) return fail(env, "shuffleUint32(arr, state) takes 2 arguments");
  void *p, *st;
  size_t len, ns;
  if (!typedData(env, argv[0], napi_uint32_array, &p, &len) || !typedData(env, argv[1], napi_uint32_array, &st, &ns) || ns != 4)
    return fail(env, "shuffleUint32: a Uint32Array and a state Uint32Array of 4 expected");
  if (len > 0xffffffffu) return fail(env, "shuffleUint32: at most 2^32 - 1 values");
  uint32_t* arr = static_cast<uint32_t*>(p);
  uint32_t* state = static_cast<uint32_t*>(st);
  uint32_t a = state[0], b = state[1], c = state[2], d = state[3];
  for (size_t i = len > 0 ? len - 1 : 0; i > 0; i--) {
    const uint32_t n = uint32_t(i) + 1;
    uint32_t r;
    for (;;) {
      const uint32_t x = rotl(b * 5, 7) * 9;
      const uint32_t t = b << 9;
      c ^= a;
      d ^= b;
      b ^= c;
      a ^= d;
      c ^= t;
      d = rotl(d, 11);
      r = x % n;
      if (uint64_t(x) - r <= (uint64_t(1) << 32) - n) break;
    }
    const uint32_t v = arr[i];
    arr[i] = arr[r];
    arr[r] = v;
  }
  state[0] = a, state[1] = b, state[2] = c, state[3] = d;
  return undefinedValue(env);
}

}  // namespace fedrank
