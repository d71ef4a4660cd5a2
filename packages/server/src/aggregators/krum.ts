/**
 * Krum (Blanchard, El Mhamdi, Guerraoui, Stainer, "Machine Learning with Adversaries: Byzantine
 * Tolerant Gradient Descent", NeurIPS 2017):
 *
 *   score(i) = sum of ||x_i - x_j||^2 over the n - f - 2 updates j != i closest to x_i
 *   y = x_{i*},  i* = argmin_i score(i)   (ties: the lowest index)
 *
 * Needs n > 2f + 2. Pairwise squared distances are accumulated in float64.
 *
 * Variant 'reference' follows the FRL reference code (its multi_krum with multi_k = False,
 * from Shejwalkar & Houmansadr's NDSS 2021 code): each row of distances is sorted with the
 * zero distance to itself included and its first n - 2 - f entries summed, i.e. the score uses
 * the n - f - 3 closest other updates.
 */
import { z } from 'zod';
import { choice } from '../plugins/param-types.js';
import { defineAggregator } from './descriptor.js';
import { Scratch, checkCount, checkUpdates, insertionSort, pairwiseSquaredDistances, resolveF } from './common.js';
import { AggregatorError, type AggregationContext, type SelectingWeightAggregator } from './types.js';

export type KrumVariant = 'standard' | 'reference';

/** Throws unless n > 2f + 2 (Krum's, Multi-Krum's and the reference loop's requirement). */
export function checkKrumSize(rule: string, n: number, f: number): void {
  if (n <= 2 * f + 2) {
    throw new AggregatorError(`${rule} needs n > 2f + 2 clients, got n = ${n}, f = ${f}`, 'aggregator.f');
  }
}

/**
 * Krum scores of the active updates: for each active i, the sum of the k smallest distances
 * dist[i][j] over the other active j (k is clamped to the number available). Inactive: Infinity.
 */
export function krumScores(dist: Float64Array, n: number, active: Uint8Array, k: number, buf: Float64Array): Float64Array {
  const scores = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (!active[i]) {
      scores[i] = Infinity;
      continue;
    }
    let m = 0;
    for (let j = 0; j < n; j++) if (j !== i && active[j]) buf[m++] = dist[i * n + j];
    insertionSort(buf, m);
    const take = Math.max(0, Math.min(k, m));
    let s = 0;
    for (let t = 0; t < take; t++) s += buf[t];
    scores[i] = s;
  }
  return scores;
}

/** Index of the smallest score (the lowest index among ties). */
export function argmin(scores: Float64Array): number {
  let best = 0;
  for (let i = 1; i < scores.length; i++) if (scores[i] < scores[best]) best = i;
  return best;
}

/**
 * Repeated Krum: `count` times, score the remaining updates with neighbours(r) neighbours
 * (r = number remaining), move the best one to the selection. Returns the indices in order.
 */
export function iterativeKrum(
  dist: Float64Array,
  n: number,
  count: number,
  neighbours: (remaining: number) => number,
  buf: Float64Array,
): number[] {
  const active = new Uint8Array(n).fill(1);
  const chosen: number[] = [];
  for (let r = n; chosen.length < count && r > 0; r--) {
    const best = argmin(krumScores(dist, n, active, neighbours(r), buf));
    chosen.push(best);
    active[best] = 0;
  }
  return chosen;
}

export class Krum implements SelectingWeightAggregator {
  readonly name = 'krum' as const;
  readonly consumes = 'weights' as const;
  readonly reducible = false;
  private readonly scratch = new Scratch();

  /** f: fixed Byzantine count (default: the round's f). */
  constructor(
    readonly f?: number,
    readonly variant: KrumVariant = 'standard',
  ) {
    if (f !== undefined) checkCount(f, 'aggregator.f');
  }

  select(updates: readonly Float32Array[], ctx: AggregationContext): number[] {
    checkUpdates(updates, 'krum');
    const n = updates.length;
    const f = resolveF(this.f, ctx);
    checkKrumSize('krum', n, f);
    const k = this.variant === 'reference' ? n - f - 3 : n - f - 2;
    const dist = pairwiseSquaredDistances(updates);
    const scores = krumScores(dist, n, new Uint8Array(n).fill(1), k, this.scratch.get(n));
    return [argmin(scores)];
  }

  aggregate(updates: readonly Float32Array[], ctx: AggregationContext): Float32Array {
    return updates[this.select(updates, ctx)[0]].slice();
  }
}

export const krumDescriptor = defineAggregator({
  kind: 'krum',
  consumes: 'weights',
  reducible: false,
  /** variant: 'reference' reproduces the FRL reference code's selection. */
  params: z.strictObject({ variant: choice(['standard', 'reference']).default('standard') }),
  create: ({ variant }, { f }) => new Krum(f, variant),
});
