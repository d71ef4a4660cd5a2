// The float32-to-float64 transpose of the kernels that run one row per vector lane (distances.cc,
// line_terms.cc), defined in the header so that each kernel file compiles its own copy.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstring>

namespace fedrank {
namespace {

typedef float v8sf __attribute__((vector_size(32)));
typedef double v8d __attribute__((vector_size(64)));
typedef int32_t v8si __attribute__((vector_size(32)));

// Rows [0, n) of a chunk transposed to float64: t[j * stride + b] = rows[b][start + j]. Blocks of
// 8 rows x 8 coordinates are transposed in registers (three rounds of two-input shuffles), each
// column then widened to float64 and stored as one vector; the edges go one value at a time.
__attribute__((target_clones("avx512f", "avx2", "default"))) void transposeToDouble(const float* const* rows, size_t n, size_t start,
                                                                                     size_t len, size_t stride, double* t) {
  const v8si lo32 = {0, 8, 1, 9, 4, 12, 5, 13}, hi32 = {2, 10, 3, 11, 6, 14, 7, 15};
  const v8si lo64 = {0, 1, 8, 9, 4, 5, 12, 13}, hi64 = {2, 3, 10, 11, 6, 7, 14, 15};
  const v8si lo128 = {0, 1, 2, 3, 8, 9, 10, 11}, hi128 = {4, 5, 6, 7, 12, 13, 14, 15};
  size_t b = 0;
  for (; b + 8 <= n; b += 8) {
    size_t j = 0;
    for (; j + 8 <= len; j += 8) {
      v8sf r[8];
      for (int q = 0; q < 8; q++) std::memcpy(&r[q], rows[b + q] + start + j, sizeof r[q]);
      v8sf p[8], u[8], col[8];
      for (int q = 0; q < 8; q += 2) {
        p[q] = __builtin_shuffle(r[q], r[q + 1], lo32);
        p[q + 1] = __builtin_shuffle(r[q], r[q + 1], hi32);
      }
      for (int q = 0; q < 8; q += 4) {
        u[q] = __builtin_shuffle(p[q], p[q + 2], lo64);
        u[q + 1] = __builtin_shuffle(p[q], p[q + 2], hi64);
        u[q + 2] = __builtin_shuffle(p[q + 1], p[q + 3], lo64);
        u[q + 3] = __builtin_shuffle(p[q + 1], p[q + 3], hi64);
      }
      for (int q = 0; q < 4; q++) {
        col[q] = __builtin_shuffle(u[q], u[q + 4], lo128);
        col[q + 4] = __builtin_shuffle(u[q], u[q + 4], hi128);
      }
      for (int q = 0; q < 8; q++) {
        const v8d wide = __builtin_convertvector(col[q], v8d);
        std::memcpy(t + (j + q) * stride + b, &wide, sizeof wide);
      }
    }
    for (; j < len; j++)
      for (size_t q = 0; q < 8; q++) t[j * stride + b + q] = static_cast<double>(rows[b + q][start + j]);
  }
  for (; b < n; b++) {
    const float* src = rows[b] + start;
    for (size_t j = 0; j < len; j++) t[j * stride + b] = static_cast<double>(src[j]);
  }
}

}  // namespace
}  // namespace fedrank
