/**
 * Coordinate-wise trimmed mean of [c copies of one update x, then a fixed pool], for many x: the
 * pool's coordinates are sorted once, and each evaluation places x among them by binary search
 * instead of sorting c + n values per coordinate.
 *
 * Formula:    y_j = 1/(c + n - 2b) * sum_{k=b+1}^{c+n-b} z_(k)j, z the multiset {x_j (c times)} U {pool_ij};
 *             the merged order is pool values < x_j, then the copies, then the rest.
 * Parameters: c copies, b values dropped at each end (0 <= 2b < c + n; checked by the caller).
 * Input:      the pool (n finite updates of one length, see `sortPoolCoordinates`), x of that length
 *             (no NaN).
 * Returns:    the same float32 values as coordinateTrimmedMeanInto([x repeated c times, ...pool], b),
 *             bit for bit: the kept values are summed in float64 in the same ascending order
 *             (values that tie are equal, so where the copies sit among them does not change the sum).
 * Cost:       O(n log n) per coordinate once, then O(log n + n - 2b) per coordinate per evaluation.
 */
import { insertionSort } from './sorted-coordinate.js';

/** The pool's coordinates, each sorted ascending: sorted[j * n + k] is the k-th smallest value of coordinate j. */
export interface SortedPoolCoordinates {
  sorted: Float32Array;
  n: number;
  dim: number;
}

/** Sorts every coordinate of the pool once (stable; float32 values are kept exactly). Null if a value is not finite. */
export function sortPoolCoordinates(pool: readonly Float32Array[]): SortedPoolCoordinates | null {
  const n = pool.length;
  const dim = n === 0 ? 0 : pool[0].length;
  const sorted = new Float32Array(dim * n);
  const buf = new Float64Array(n);
  for (let j = 0; j < dim; j++) {
    for (let i = 0; i < n; i++) {
      const v = pool[i][j];
      if (!Number.isFinite(v)) return null;
      buf[i] = v;
    }
    insertionSort(buf, n);
    sorted.set(buf.subarray(0, n), j * n);
  }
  return { sorted, n, dim };
}

/** out[j] = trimmed mean (b dropped at each end) of coordinate j of [x repeated `copies` times, ...pool]. */
export function trimmedMeanWithCopiesInto(
  pool: SortedPoolCoordinates,
  x: Float32Array,
  copies: number,
  b: number,
  out: Float32Array,
): void {
  const { sorted, n, dim } = pool;
  const total = copies + n;
  const end = total - b;
  const kept = total - 2 * b;
  for (let j = 0; j < dim; j++) {
    const base = j * n;
    const v = x[j];
    // pos: how many pool values are smaller than v (the copies go before values equal to v).
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[base + mid] < v) lo = mid + 1;
      else hi = mid;
    }
    const pos = lo;
    // Merged index k: pool[k] below pos, v on [pos, pos + copies), pool[k - copies] above.
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
