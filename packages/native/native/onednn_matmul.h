// A batched float32 product by oneDNN's matmul (see onednn_matmul.cc), for builds with oneDNN.
#pragma once
#include <cstddef>

namespace fedrank {

// out[b] = op(A[b]) op(B[b]) on row-major buffers; transposed operands are read in place
// (strides, no copy). False if oneDNN has no implementation for the shape (the caller then
// runs its own loops).
bool oneDnnMatMul(const float* a, const float* b, float* out, size_t batch, size_t m, size_t k, size_t n, bool transposeA,
                  bool transposeB);

}  // namespace fedrank
