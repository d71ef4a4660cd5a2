/**
 * Krum and Multi-Krum as an attacker simulates them when the server gives no selection hook:
 * the distance matrix of `copies` identical crafted updates followed by a pool (from the line
 * geometry, O(n^2) per probe), and the selection by @fedrank/voting's Krum scores with
 * neighbour count n - f - 2 (at least 1, Blanchard et al., NeurIPS 2017).
 */
import { krumOrder, krumScores } from '@fedrank/voting';
import { type LineGeometry, lineDistance } from './line-geometry.js';

/**
 * The `m` updates with the lowest Krum scores (f Byzantine), best first (ties: lower index first).
 * m = 1 is Krum; m = n - f is Multi-Krum.
 */
export function krumSelection(dist: Float64Array, n: number, f: number, m: number): number[] {
  return krumOrder(krumScores(dist, n, Math.max(1, n - f - 2))).slice(0, Math.max(1, Math.min(n, m)));
}

/**
 * Distances among `copies` identical malicious updates followed by the pool: the malicious rows
 * come from the line geometry at step gamma, the pool block from its precomputed pairwise
 * distances. Row-major (copies + pool) squared.
 */
export function distancesWithCopies(
  copies: number,
  poolDist: Float64Array,
  poolSize: number,
  line: LineGeometry,
  gamma: number,
): Float64Array {
  const n = copies + poolSize;
  const dist = new Float64Array(n * n);
  for (let i = 0; i < poolSize; i++) {
    const d = lineDistance(line, i, gamma);
    for (let k = 0; k < copies; k++) {
      dist[k * n + copies + i] = d;
      dist[(copies + i) * n + k] = d;
    }
    for (let j = 0; j < poolSize; j++) dist[(copies + i) * n + copies + j] = poolDist[i * poolSize + j];
  }
  return dist;
}
