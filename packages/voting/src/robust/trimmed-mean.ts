/**
 * Coordinate-wise trimmed mean (Yin, Chen, Kannan, Bartlett, "Byzantine-Robust Distributed
 * Learning: Towards Optimal Statistical Rates", ICML 2018).
 *
 * Formula:    y_j = 1/(n - 2b) * sum_{k=b+1}^{n-b} x_(k)j   (x_(k)j: the k-th smallest value of coordinate j),
 *             i.e. drop the b smallest and b largest values of every coordinate and average the rest.
 * Parameters: b, the number of values dropped at each end (integer, 0 <= 2b < n; checked by the caller).
 * Input:      n updates of one length (Float32Array), or one sorted float64 buffer.
 * Returns:    the trimmed mean per coordinate; the kept values are summed in ascending order in float64.
 */
import { reduceSortedCoordinates } from './sorted-coordinate.js';

/** Mean of sorted[b..n-b). */
export function sortedTrimmedMean(sorted: Float64Array, n: number, b: number): number {
  let s = 0;
  for (let k = b; k < n - b; k++) s += sorted[k];
  return s / (n - 2 * b);
}

/** out[j] = trimmed mean (b dropped at each end) of coordinate j; buf: scratch of at least n entries. */
export function coordinateTrimmedMeanInto(updates: readonly Float32Array[], b: number, out: Float32Array, buf: Float64Array): void {
  reduceSortedCoordinates(updates, out, buf, (sorted, n) => sortedTrimmedMean(sorted, n, b));
}
