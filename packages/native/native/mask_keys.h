// Order-preserving uint32 keys of float32 bit patterns, shared by the keep-mask kernels.
#pragma once
#include <cstdint>

namespace fedrank {

// |x| (NaN -> 0x7fffffff, above +Infinity).
inline uint32_t absKey(uint32_t u) {
  const uint32_t a = u & 0x7fffffffu;
  return a > 0x7f800000u ? 0x7fffffffu : a;
}

// x, with -0 < +0 (NaN -> 0xffffffff, above +Infinity).
inline uint32_t signedKey(uint32_t u) {
  if ((u & 0x7fffffffu) > 0x7f800000u) return 0xffffffffu;
  return (u & 0x80000000u) ? ~u : (u | 0x80000000u);
}

// x, with -0 == +0: the order of float comparisons (the 'top-rank' mask compares floats).
inline uint32_t floatOrderKey(uint32_t u) { return u == 0x80000000u ? 0x80000000u : signedKey(u); }

}  // namespace fedrank
