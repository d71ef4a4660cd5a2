// Order-preserving uint32 keys of float32 bit patterns, shared by the keep-mask kernels.
#pragma once
#include <cstdint>

namespace fedrank {

// |x| (NaN -> 0x7fffffff, above +Infinity). Without branches, so that loops over it vectorize.
inline uint32_t absKey(uint32_t u) {
  const uint32_t a = u & 0x7fffffffu;
  return a | ((0u - static_cast<uint32_t>(a > 0x7f800000u)) & 0x7fffffffu);
}

// x, with -0 < +0 (NaN -> 0xffffffff, above +Infinity).
inline uint32_t signedKey(uint32_t u) {
  if ((u & 0x7fffffffu) > 0x7f800000u) return 0xffffffffu;
  return (u & 0x80000000u) ? ~u : (u | 0x80000000u);
}

// x, with -0 == +0: the order of float comparisons (the 'top-rank' mask compares floats); NaN ->
// 0xffffffff. Without branches, so that loops over it vectorize.
inline uint32_t floatOrderKey(uint32_t u) {
  const uint32_t negative = static_cast<uint32_t>(static_cast<int32_t>(u) >> 31);
  const uint32_t key = (u ^ (negative | 0x80000000u)) + static_cast<uint32_t>(u == 0x80000000u);
  const uint32_t nan = 0u - static_cast<uint32_t>((u & 0x7fffffffu) > 0x7f800000u);
  return key | nan;
}

}  // namespace fedrank
