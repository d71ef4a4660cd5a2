// Pairwise squared Euclidean distances of float32 vectors, accumulated in float64 exactly as
// packages/server/src/aggregators/common.ts computes them: coordinates in blocks of 4096; within a
// block each pair's sum runs over the coordinates in order from 0 (d = x - y in double, s += d * d,
// no fused multiply-add), and the block sums are added to the pair's total in block order. The
// results are therefore bit-identical to the JavaScript ones.
//
// The sums run eight pairs to a vector: one row x against eight rows y, lane l holding the sum of
// the pair (x, y_l) (each lane adds in the JavaScript's order; the lanes are independent). A block
// is taken in chunks, each transposed to float64 (value j of row b at chunk[j * stride + b]), so
// that the eight y values of a coordinate are one load; eight such tasks run together so that
// their adds overlap.
#include <cstdint>
#include <cstring>
#include <vector>

#include "napi_util.h"
#include "transpose.h"

namespace fedrank {
namespace {

constexpr size_t kBlock = 4096;  // the JavaScript's block: sets the order of additions
constexpr size_t kChunk = 64;    // coordinates transposed at a time (within a block)
constexpr size_t kLanes = 8;
constexpr size_t kTogether = 8;  // tasks whose sums run side by side

typedef double v8d __attribute__((vector_size(64)));

// One task: row x against rows y0 .. y0 + 7 of the other list (lanes past its end are ignored).
struct Task {
  uint32_t x, y0;
};

// acc[t] (8 lanes per task) += the chunk's squared differences, coordinate by coordinate.
__attribute__((target_clones("avx512f", "avx2", "default"))) void runTasks(const Task* tasks, size_t count, const double* xt, size_t xStride,
                                                                            const double* yt, size_t yStride, size_t len, double* acc) {
  for (size_t t0 = 0; t0 < count; t0 += kTogether) {
    v8d s[kTogether];
    std::memcpy(s, acc + t0 * kLanes, sizeof s);
    for (size_t j = 0; j < len; j++) {
      const double* xr = xt + j * xStride;
      const double* yr = yt + j * yStride;
      for (size_t k = 0; k < kTogether; k++) {
        v8d y;
        std::memcpy(&y, yr + tasks[t0 + k].y0, sizeof y);
        const v8d d = xr[tasks[t0 + k].x] - y;
        s[k] += d * d;
      }
    }
    std::memcpy(acc + t0 * kLanes, s, sizeof s);
  }
}

// out[a * ny + b] += the squared distance of xs[a] and ys[b] for the tasks' pairs (lanes that
// reach past ny are not written). `pairwise`: xs is ys (one transpose), and only pairs b > a.
void distanceSums(const float* const* xs, size_t nx, const float* const* ys, size_t ny, size_t dim, bool pairwise, double* out) {
  std::vector<Task> tasks;
  for (size_t a = 0; a < nx; a++)
    for (size_t b0 = pairwise ? a + 1 : 0; b0 < ny; b0 += kLanes) tasks.push_back({uint32_t(a), uint32_t(b0)});
  const size_t real = tasks.size();
  if (real == 0) return;
  while (tasks.size() % kTogether != 0) tasks.push_back({0, 0});
  const size_t yStride = (ny + kLanes - 1 + kLanes - 1) / kLanes * kLanes;  // room for 8 lanes from any row
  const size_t xStride = pairwise ? yStride : nx;
  std::vector<double> yt(kChunk * yStride, 0.0), xt(pairwise ? 0 : kChunk * xStride, 0.0);
  std::vector<double> acc(tasks.size() * kLanes);
  for (size_t start = 0; start < dim; start += kBlock) {
    const size_t end = start + kBlock < dim ? start + kBlock : dim;
    std::fill(acc.begin(), acc.end(), 0.0);
    for (size_t c = start; c < end; c += kChunk) {
      const size_t len = end - c < kChunk ? end - c : kChunk;
      transposeToDouble(ys, ny, c, len, yStride, yt.data());
      if (!pairwise) transposeToDouble(xs, nx, c, len, xStride, xt.data());
      runTasks(tasks.data(), tasks.size(), pairwise ? yt.data() : xt.data(), xStride, yt.data(), yStride, len, acc.data());
    }
    for (size_t t = 0; t < real; t++)
      for (size_t l = 0; l < kLanes; l++) {
        const size_t a = tasks[t].x, b = tasks[t].y0 + l;
        if (b < ny && (!pairwise || b > a)) out[a * ny + b] += acc[t * kLanes + l];
      }
  }
}

// The same sums for few pairs per row (a few rows against many), where transposing costs more than
// it saves: one x against up to eight y at a time, each pair's sum a scalar chain.
template <int P>
void pairsBlock(const float* x, const float* const* ys, size_t start, size_t end, double* out, const size_t* at) {
  double s[P];
  for (int k = 0; k < P; k++) s[k] = 0;
  for (size_t j = start; j < end; j++) {
    const double xj = x[j];
    for (int k = 0; k < P; k++) {
      const double d = xj - static_cast<double>(ys[k][j]);
      s[k] += d * d;
    }
  }
  for (int k = 0; k < P; k++) out[at[k]] += s[k];
}

void crossScalar(const float* const* xs, size_t nx, const float* const* ysAll, size_t ny, size_t dim, double* dist) {
  const float* ys[8];
  size_t at[8];
  for (size_t start = 0; start < dim; start += kBlock) {
    const size_t end = start + kBlock < dim ? start + kBlock : dim;
    for (size_t a = 0; a < nx; a++) {
      size_t b = 0;
      for (; b + 8 <= ny; b += 8) {
        for (int k = 0; k < 8; k++) ys[k] = ysAll[b + k], at[k] = a * ny + b + k;
        pairsBlock<8>(xs[a], ys, start, end, dist, at);
      }
      for (; b + 4 <= ny; b += 4) {
        for (int k = 0; k < 4; k++) ys[k] = ysAll[b + k], at[k] = a * ny + b + k;
        pairsBlock<4>(xs[a], ys, start, end, dist, at);
      }
      for (; b < ny; b++) {
        ys[0] = ysAll[b], at[0] = a * ny + b;
        pairsBlock<1>(xs[a], ys, start, end, dist, at);
      }
    }
  }
}

}  // namespace

// pairwiseSquaredDistances(updates: Float32Array[], out: Float64Array of n * n): fills the upper
// and lower triangles (the diagonal is left as it is: 0 in a fresh array).
napi_value PairwiseSquaredDistances(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  if (!callArgs(env, info, 2, argv)) return fail(env, "pairwiseSquaredDistances(updates, out) takes 2 arguments");
  std::vector<const float*> rows;
  size_t dim;
  if (!float32Rows(env, argv[0], &rows, &dim))
    return fail(env, "pairwiseSquaredDistances: updates must be an array of Float32Arrays of one length");
  const size_t n = rows.size();
  void* o;
  size_t no;
  if (!typedData(env, argv[1], napi_float64_array, &o, &no) || no != size_t(n) * n)
    return fail(env, "pairwiseSquaredDistances: out must be a Float64Array of n * n");
  double* dist = static_cast<double*>(o);
  distanceSums(rows.data(), n, rows.data(), n, dim, true, dist);
  for (size_t a = 0; a < n; a++)
    for (size_t b = a + 1; b < n; b++) dist[b * n + a] = dist[a * n + b];
  return undefinedValue(env);
}

// crossSquaredDistances(xs: Float32Array[], ys: Float32Array[], out: Float64Array of |xs| * |ys|):
// out[a * |ys| + b] = the squared distance of xs[a] and ys[b], summed as pairwiseSquaredDistances
// sums a pair (the same blocks, the same order; (x - y)^2 = (y - x)^2 exactly), so bit for bit the
// value it gives for that pair.
napi_value CrossSquaredDistances(napi_env env, napi_callback_info info) {
  napi_value argv[3];
  if (!callArgs(env, info, 3, argv)) return fail(env, "crossSquaredDistances(xs, ys, out) takes 3 arguments");
  std::vector<const float*> xs, ys;
  size_t dx, dy;
  if (!float32Rows(env, argv[0], &xs, &dx) || !float32Rows(env, argv[1], &ys, &dy) || (!xs.empty() && !ys.empty() && dx != dy))
    return fail(env, "crossSquaredDistances: xs and ys must be arrays of Float32Arrays of one length");
  const size_t nx = xs.size(), ny = ys.size();
  void* o;
  size_t no;
  if (!typedData(env, argv[2], napi_float64_array, &o, &no) || no != nx * ny)
    return fail(env, "crossSquaredDistances: out must be a Float64Array of |xs| * |ys|");
  double* dist = static_cast<double*>(o);
  for (size_t k = 0; k < nx * ny; k++) dist[k] = 0;
  if (nx == 0 || ny == 0) return undefinedValue(env);
  // Transposing pays when each row takes part in several pairs.
  if (nx * ny >= 4 * (nx + ny))
    distanceSums(xs.data(), nx, ys.data(), ny, dx, false, dist);
  else
    crossScalar(xs.data(), nx, ys.data(), ny, dx, dist);
  return undefinedValue(env);
}

}  // namespace fedrank
