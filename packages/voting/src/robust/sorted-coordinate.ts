/**
 * One coordinate of n updates, gathered into a reusable float64 buffer and sorted ascending: the
 * shared first step of the coordinate-wise rules (median, trimmed mean, Bulyan's second stage).
 *
 * Input: updates (flat Float32Array vectors of one length), a coordinate j, a buffer of at least n
 * entries. Insertion sort is stable and the fastest for the few tens of values of one round;
 * it orders finite values exactly as Array.prototype.sort((a, b) => a - b) does.
 */

/** Ascending, stable insertion sort of buf[0..n) in place. */
export function insertionSort(buf: Float64Array, n: number): void {
  for (let a = 1; a < n; a++) {
    const x = buf[a];
    let b = a - 1;
    while (b >= 0 && buf[b] > x) {
      buf[b + 1] = buf[b];
      b--;
    }
    buf[b + 1] = x;
  }
}

/** Copies coordinate j of every update into buf[0..n). */
export function gatherCoordinate(updates: readonly Float32Array[], j: number, buf: Float64Array): void {
  const n = updates.length;
  for (let i = 0; i < n; i++) buf[i] = updates[i][j];
}

/** buf[0..n) = coordinate j of the n updates, ascending. */
export function sortedCoordinate(updates: readonly Float32Array[], j: number, buf: Float64Array): void {
  gatherCoordinate(updates, j, buf);
  insertionSort(buf, updates.length);
}

/** out[j] = reduce(coordinate j sorted into buf[0..n), n) for every coordinate j. */
export function reduceSortedCoordinates(
  updates: readonly Float32Array[],
  out: Float32Array,
  buf: Float64Array,
  reduce: (sorted: Float64Array, n: number) => number,
): void {
  const n = updates.length;
  const dim = out.length;
  for (let j = 0; j < dim; j++) {
    sortedCoordinate(updates, j, buf);
    out[j] = reduce(buf, n);
  }
}

/** A float64 copy of `values`, sorted ascending (for a one-dimensional profile). */
export function sortedCopy(values: readonly number[]): Float64Array {
  const buf = Float64Array.from(values);
  insertionSort(buf, buf.length);
  return buf;
}
