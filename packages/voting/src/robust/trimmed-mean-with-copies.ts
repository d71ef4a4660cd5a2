/**
 * Coordinate-wise trimmed mean of [c copies of one update x, then a fixed pool], for many x: the
 * pool's coordinates are sorted once, and each evaluation places x among them instead of sorting
 * c + n values per coordinate.
 *
 * Formula:    y_j = 1/(c + n - 2b) * sum_{k=b+1}^{c+n-b} z_(k)j, z the multiset {x_j (c times)} U {pool_ij};
 *             the merged order is pool values < x_j, then the copies, then the rest.
 * Parameters: c copies, b values dropped at each end (0 <= 2b < c + n; checked by the caller).
 * Input:      the pool (n finite updates of one length), x of that length (no NaN).
 * Returns:    the same float32 values as coordinateTrimmedMeanInto([x repeated c times, ...pool], b),
 *             bit for bit. Where a coordinate's values (pool and x_j) span less than 2^(29 - log2(c + n))
 *             in magnitude, every float64 partial sum of them is exact, so the sum does not depend on
 *             the order: the kept pool values between ranks b and n - b are summed once, and an
 *             evaluation adds c * x_j and the few tail values it keeps. Elsewhere the kept values are
 *             summed in the rule's ascending order (values that tie are equal, so where the copies sit
 *             among them does not change the sum).
 * Cost:       O(n^2) per coordinate once (insertion sort), then per coordinate per evaluation O(1)
 *             plus the tail values kept (at most b), or O(log n + n - 2b) where the span is wider.
 */

import { loadNative, NATIVE_MIN_LENGTH } from '@fedrank/native';

const native = loadNative();

/** The pool's coordinates sorted, and what an evaluation with `copies` copies and `b` dropped at each end reuses. */
export interface TrimmedMeanWithCopies {
  /** sorted[j * n + k]: the k-th smallest pool value of coordinate j. */
  sorted: Float32Array;
  n: number;
  dim: number;
  copies: number;
  b: number;
  /** Per coordinate: the sum of the pool's ranks [b, n - b) (used only where it is exact). */
  middle: Float64Array;
  /** Per coordinate: the smallest nonzero and the largest |pool value| (smallest: Infinity when all are 0). */
  minAbs: Float32Array;
  maxAbs: Float32Array;
  /** Values whose magnitudes are within this factor of each other sum exactly in float64. */
  span: number;
}

/**
 * Sorts every coordinate of the pool once (float32 values are kept exactly). Null if a value is
 * not finite (the caller then evaluates the rule itself).
 */
export function prepareTrimmedMeanWithCopies(pool: readonly Float32Array[], copies: number, b: number): TrimmedMeanWithCopies | null {
  const n = pool.length;
  const dim = n === 0 ? 0 : pool[0].length;
  const sorted = new Float32Array(dim * n);
  // Float32 values within 2^S of each other in magnitude are multiples of 2^(Emin - 23) below
  // 2^(Emin + S + 1); any sum of N of them is exact in float64 when N * 2^(S + 24) <= 2^53.
  const span = 2 ** (29 - Math.ceil(Math.log2(copies + n)));
  if (native.available && n > 0 && 2 * b <= n && dim * n >= NATIVE_MIN_LENGTH) {
    // The same sort, sums and magnitudes in the native addon (bit for bit).
    const middle = new Float64Array(dim);
    const minAbs = new Float32Array(dim);
    const maxAbs = new Float32Array(dim);
    if (!native.kernels.sortedColumns(pool, b, sorted, middle, minAbs, maxAbs)) return null;
    return { sorted, n, dim, copies, b, middle, minAbs, maxAbs, span };
  }
  // Transposed in blocks of coordinates, so that the strided writes stay in cache.
  const block = 512;
  for (let j0 = 0; j0 < dim; j0 += block) {
    const j1 = Math.min(dim, j0 + block);
    for (let i = 0; i < n; i++) {
      const u = pool[i];
      for (let j = j0; j < j1; j++) {
        const v = u[j];
        if (!Number.isFinite(v)) return null;
        sorted[j * n + i] = v;
      }
    }
  }
  const middle = new Float64Array(dim);
  const minAbs = new Float32Array(dim);
  const maxAbs = new Float32Array(dim);
  for (let j = 0, base = 0; j < dim; j++, base += n) {
    // Ascending insertion sort of the coordinate's n values in place.
    for (let a = base + 1; a < base + n; a++) {
      const x = sorted[a];
      let k = a - 1;
      while (k >= base && sorted[k] > x) {
        sorted[k + 1] = sorted[k];
        k--;
      }
      sorted[k + 1] = x;
    }
    let s = 0;
    for (let k = b; k < n - b; k++) s += sorted[base + k];
    middle[j] = s;
    let lo = Infinity;
    let hi = 0;
    for (let k = 0; k < n; k++) {
      const a = Math.abs(sorted[base + k]);
      if (a !== 0 && a < lo) lo = a;
      if (a > hi) hi = a;
    }
    minAbs[j] = lo;
    maxAbs[j] = hi;
  }
  return { sorted, n, dim, copies, b, middle, minAbs, maxAbs, span };
}

/** out[j] = trimmed mean (b dropped at each end) of coordinate j of [x repeated `copies` times, ...pool]. */
export function trimmedMeanWithCopiesInto(prep: TrimmedMeanWithCopies, x: Float32Array, out: Float32Array): void {
  const { sorted, n, dim, copies, b, middle, minAbs, maxAbs, span } = prep;
  const total = copies + n;
  const end = total - b;
  const kept = total - 2 * b;
  const hasMiddle = n >= 2 * b;
  for (let j = 0, base = 0; j < dim; j++, base += n) {
    const v = x[j];
    const av = Math.abs(v);
    const mx = av > maxAbs[j] ? av : maxAbs[j];
    const mn = av !== 0 && av < minAbs[j] ? av : minAbs[j];
    if (hasMiddle && mx < span * mn) {
      // Exact sums: the pool's middle ranks [b, n - b), the tail ranks kept, and the copies kept.
      let s = middle[j];
      if (b > 0 && !(sorted[base + b - 1] < v)) {
        // pos < b: the copies sit below rank b; pool ranks [max(pos, b - c), b) are kept too.
        let pos = 0;
        while (sorted[base + pos] < v) pos++;
        for (let k = pos > b - copies ? pos : b - copies; k < b; k++) s += sorted[base + k];
        const kc = pos + copies - b;
        if (kc > 0) s += kc * v;
      } else if (b > 0 && sorted[base + n - b] < v) {
        // pos > n - b: pool ranks [n - b, min(pos, end)) are kept too.
        let pos = n;
        while (!(sorted[base + pos - 1] < v)) pos--;
        const top = pos < end ? pos : end;
        for (let k = n - b; k < top; k++) s += sorted[base + k];
        const kc = (pos + copies < end ? pos + copies : end) - pos;
        if (kc > 0) s += kc * v;
      } else {
        s += copies * v;
      }
      out[j] = s / kept;
      continue;
    }
    // The rule's order: pool values below pos, the copies, the rest.
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[base + mid] < v) lo = mid + 1;
      else hi = mid;
    }
    const pos = lo;
    let s = 0;
    const lowEnd = pos < end ? pos : end;
    for (let k = b; k < lowEnd; k++) s += sorted[base + k];
    const copyStart = pos > b ? pos : b;
    const copyEnd = pos + copies < end ? pos + copies : end;
    for (let k = copyStart; k < copyEnd; k++) s += v;
    const highStart = pos + copies > b ? pos + copies : b;
    for (let k = highStart; k < end; k++) s += sorted[base + k - copies];
    out[j] = s / kept;
  }
}
