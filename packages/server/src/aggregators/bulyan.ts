/**
 * Bulyan: repeated Krum, then a coordinate-wise trimmed mean around the median.
 *
 * Formula:    1. selection: theta = n - 2f times, apply Krum to the updates not yet selected and
 *                move its choice to the selection set S (Krum on r remaining updates scores with
 *                r - f - 2 neighbours, at least 1);
 *             2. y_j = mean of the beta = theta - 2f values of {x_ij : i in S} closest to their
 *                median (median of theta values; theta even: mean of the two middle ones; ties in
 *                distance take the lower value).
 * Parameters: f, the Byzantine count (default: the round's).
 * Input:      n >= 4f + 3 updates of one length (Float32Array deltas).
 * Returns:    the aggregate (`select` returns S in the order Krum chose it).
 * Reference:  El Mhamdi, Guerraoui, Rouault, "The Hidden Vulnerability of Distributed Learning in
 *             Byzantium", ICML 2018.
 */
import { z } from 'zod';
import { defineAggregator } from './descriptor.js';
import { iterativeKrum, reduceSortedCoordinates, sortedMedian } from '@fedrank/voting';
import { Scratch, checkCount, checkUpdates, pairwiseSquaredDistances, resolveF } from './common.js';
import { AggregatorError, type AggregationContext, type SelectingWeightAggregator } from './types.js';

export class Bulyan implements SelectingWeightAggregator {
  readonly name = 'bulyan' as const;
  readonly consumes = 'weights' as const;
  readonly reducible = false;
  private readonly scratch = new Scratch();

  /** f: fixed Byzantine count (default: the round's f). */
  constructor(readonly f?: number) {
    if (f !== undefined) checkCount(f, 'aggregator.f');
  }

  private sizes(updates: readonly Float32Array[], ctx: AggregationContext): { f: number; theta: number; beta: number } {
    checkUpdates(updates, 'bulyan');
    const n = updates.length;
    const f = resolveF(this.f, ctx);
    if (n < 4 * f + 3) {
      throw new AggregatorError(`bulyan needs n >= 4f + 3 clients, got n = ${n}, f = ${f}`, 'aggregator.f');
    }
    return { f, theta: n - 2 * f, beta: n - 4 * f };
  }

  select(updates: readonly Float32Array[], ctx: AggregationContext): number[] {
    const { f, theta } = this.sizes(updates, ctx);
    const n = updates.length;
    if (theta === n) return Array.from({ length: n }, (_, i) => i);
    const dist = pairwiseSquaredDistances(updates, ctx.distances);
    return iterativeKrum(dist, n, theta, (r) => Math.max(1, r - f - 2), this.scratch.get(n));
  }

  aggregate(updates: readonly Float32Array[], ctx: AggregationContext): Float32Array {
    const { beta } = this.sizes(updates, ctx);
    const chosen = this.select(updates, ctx).map((i) => updates[i]);
    const out = new Float32Array(updates[0].length);
    closestToMedianMeanInto(chosen, beta, out, this.scratch.get(chosen.length));
    return out;
  }
}

/** out[j] = mean of the beta values of coordinate j closest to that coordinate's median. */
export function closestToMedianMeanInto(updates: readonly Float32Array[], beta: number, out: Float32Array, buf: Float64Array): void {
  reduceSortedCoordinates(updates, out, buf, (sorted, n) => closestToMedianMean(sorted, n, beta));
}

/** Mean of the beta entries of sorted buf[0..n) closest to its median (a contiguous window). */
function closestToMedianMean(buf: Float64Array, n: number, beta: number): number {
  const med = sortedMedian(buf, n);
  // The window grows outward from the middle, taking the closer neighbour each step.
  let lo = (n - 1) >> 1; // next candidate below (or at) the median
  let hi = lo + 1; // next candidate above
  let s = 0;
  for (let t = 0; t < beta; t++) {
    if (hi >= n || (lo >= 0 && med - buf[lo] <= buf[hi] - med)) s += buf[lo--];
    else s += buf[hi++];
  }
  return s / beta;
}

export const bulyanDescriptor = defineAggregator({
  kind: 'bulyan',
  consumes: 'weights',
  reducible: false,
  params: z.strictObject({}),
  create: (_params, { f }) => new Bulyan(f),
});
