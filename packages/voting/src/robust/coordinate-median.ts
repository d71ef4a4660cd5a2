/**
 * Coordinate-wise median (Yin, Chen, Kannan, Bartlett, "Byzantine-Robust Distributed Learning:
 * Towards Optimal Statistical Rates", ICML 2018).
 *
 * Formula:    y_j = med(x_1j, ..., x_nj) = x_((n+1)/2)j for odd n, (x_(n/2)j + x_(n/2+1)j) / 2 for even n
 *             (x_(k)j: the k-th smallest value of coordinate j).
 * Parameters: none.
 * Input:      n >= 1 updates of one length (Float32Array), or one sorted float64 buffer.
 * Returns:    the median per coordinate, computed in float64 (written into a Float32Array).
 */
import { reduceSortedCoordinates } from './sorted-coordinate.js';

/** Median of sorted[0..n): the middle value, or the mean of the two middle values. */
export function sortedMedian(sorted: Float64Array, n: number): number {
  const h = n >> 1;
  return n & 1 ? sorted[h] : (sorted[h - 1] + sorted[h]) / 2;
}

/** out[j] = median of coordinate j over the updates; buf: scratch of at least n entries. */
export function coordinateMedianInto(updates: readonly Float32Array[], out: Float32Array, buf: Float64Array): void {
  reduceSortedCoordinates(updates, out, buf, sortedMedian);
}
