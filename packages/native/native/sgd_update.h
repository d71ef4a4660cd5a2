// One element of fedrank's SGD step (see sgd.cc), shared by the plain step and the step fused
// with the keep mask (mask_band.cc). Double arithmetic, rounded to float32 on store, in the order
// of the JavaScript loops in packages/supermask/src/sgd.ts.
#pragma once
#include <cstdint>
#include <cstring>

namespace fedrank {

// buf = m * buf + d; returns the new p = s - lr * buf (the caller stores both).
inline __attribute__((always_inline)) float sgdPlain(float p, float g, float& b, double lr, double m, double wd) {
  const double s = p;
  const double v = m * static_cast<double>(b) + static_cast<double>(g) + wd * s;
  b = static_cast<float>(v);
  return static_cast<float>(s - lr * v);
}

// Straight-through gradient of the |score| mask: d = g * w * sign(s) + wd * s (0 where s == 0).
inline __attribute__((always_inline)) float sgdAbs(float p, float g, float w, float& b, double lr, double m, double wd) {
  const double s = p;
  // sign(s) from the sign bit, and st = 0 where s == 0 by a bit mask: without branches (random
  // signs would mispredict half the time) and vectorizable.
  uint32_t bits;
  std::memcpy(&bits, &p, sizeof bits);
  const double sign = 1.0 - 2.0 * static_cast<double>(bits >> 31);
  const double product = static_cast<double>(g) * static_cast<double>(w) * sign;
  uint64_t productBits;
  std::memcpy(&productBits, &product, sizeof productBits);
  productBits &= 0ull - static_cast<uint64_t>((bits & 0x7fffffffu) != 0);
  double st;
  std::memcpy(&st, &productBits, sizeof st);
  const double v = m * static_cast<double>(b) + st + wd * s;
  b = static_cast<float>(v);
  return static_cast<float>(s - lr * v);
}

// Straight-through gradient of the signed-score mask: d = g * w + wd * s.
inline __attribute__((always_inline)) float sgdSigned(float p, float g, float w, float& b, double lr, double m, double wd) {
  const double s = p;
  const double v = m * static_cast<double>(b) + static_cast<double>(g) * static_cast<double>(w) + wd * s;
  b = static_cast<float>(v);
  return static_cast<float>(s - lr * v);
}

}  // namespace fedrank
