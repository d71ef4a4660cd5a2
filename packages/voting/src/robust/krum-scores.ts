/**
 * Krum scores and the selections built on them (Blanchard, El Mhamdi, Guerraoui, Stainer, "Machine
 * Learning with Adversaries: Byzantine Tolerant Gradient Descent", NeurIPS 2017).
 *
 * Formula:    score(i) = sum of ||x_i - x_j||^2 over the k updates j != i closest to x_i;
 *             Krum's k is n - f - 2 (needs n > 2f + 2), Krum picks argmin_i score(i),
 *             Multi-Krum the m lowest scores.
 * Parameters: k, the neighbour count (clamped to the number of other active updates; the caller
 *             derives it from f); for the selections, ties go to the lower index.
 * Input:      dist, the row-major n x n matrix of squared distances in float64 (symmetric, zero
 *             diagonal); optionally a 0/1 mask of the updates still in play.
 * Returns:    one float64 score per update (Infinity for inactive ones): each the sum of the k
 *             smallest distances of its row, added in ascending order.
 */
import { insertionSort } from './sorted-coordinate.js';

/**
 * Krum scores of the active updates (all when `active` is omitted): for each active i, the sum of
 * the k smallest dist[i][j] over the other active j. `buf` is scratch of at least n entries.
 */
export function krumScores(
  dist: Float64Array,
  n: number,
  k: number,
  active?: Uint8Array,
  buf: Float64Array = new Float64Array(n),
): Float64Array {
  const scores = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (active !== undefined && !active[i]) {
      scores[i] = Infinity;
      continue;
    }
    let m = 0;
    for (let j = 0; j < n; j++) if (j !== i && (active === undefined || active[j])) buf[m++] = dist[i * n + j];
    insertionSort(buf, m);
    const take = Math.max(0, Math.min(k, m));
    let s = 0;
    for (let t = 0; t < take; t++) s += buf[t];
    scores[i] = s;
  }
  return scores;
}

/** Index of the smallest score (the lowest index among ties): Krum's choice. */
export function argmin(scores: Float64Array): number {
  let best = 0;
  for (let i = 1; i < scores.length; i++) if (scores[i] < scores[best]) best = i;
  return best;
}

/** All indices by ascending score (ties: lower index first): Multi-Krum takes a prefix. */
export function krumOrder(scores: Float64Array): number[] {
  const order = Array.from({ length: scores.length }, (_, i) => i);
  order.sort((a, b) => scores[a] - scores[b] || a - b);
  return order;
}

/**
 * Repeated Krum: `count` times, score the remaining updates with neighbours(r) neighbours
 * (r = number remaining) and move the best one to the selection. Returns the indices in order.
 */
export function iterativeKrum(
  dist: Float64Array,
  n: number,
  count: number,
  neighbours: (remaining: number) => number,
  buf: Float64Array = new Float64Array(n),
): number[] {
  const active = new Uint8Array(n).fill(1);
  const chosen: number[] = [];
  for (let r = n; chosen.length < count && r > 0; r--) {
    const best = argmin(krumScores(dist, n, neighbours(r), active, buf));
    chosen.push(best);
    active[best] = 0;
  }
  return chosen;
}
