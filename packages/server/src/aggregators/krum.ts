/**
 * Krum: the update closest to its nearest neighbours.
 *
 * Formula:    score(i) = sum of ||x_i - x_j||^2 over the n - f - 2 updates j != i closest to x_i
 *             y = x_{i*},  i* = argmin_i score(i)   (ties: the lowest index)
 * Parameters: f, the Byzantine count (default: the round's); variant 'standard' | 'reference'.
 * Input:      n > 2f + 2 updates of one length (Float32Array deltas).
 * Returns:    a copy of the chosen update (`select` returns [i*]). Squared distances are
 *             accumulated in float64; the scores are @fedrank/voting's krumScores.
 * Reference:  Blanchard, El Mhamdi, Guerraoui, Stainer, "Machine Learning with Adversaries:
 *             Byzantine Tolerant Gradient Descent", NeurIPS 2017.
 * Departure:  variant 'reference' follows the FRL reference code (its multi_krum with
 *             multi_k = False, from Shejwalkar & Houmansadr's NDSS 2021 code): each row of
 *             distances is sorted with the zero distance to itself included and its first
 *             n - 2 - f entries summed, i.e. the score uses the n - f - 3 closest other updates.
 */
import { z } from 'zod';
import { choice } from '../plugins/param-types.js';
import { defineAggregator } from './descriptor.js';
import { argmin, krumScores } from '@fedrank/voting';
import { Scratch, checkCount, checkUpdates, pairwiseSquaredDistances, resolveF } from './common.js';
import { AggregatorError, type AggregationContext, type SelectingWeightAggregator } from './types.js';

// The kernels, re-exported for the rules and callers that import them from here.
export { argmin, iterativeKrum, krumScores } from '@fedrank/voting';

export type KrumVariant = 'standard' | 'reference';

/** Throws unless n > 2f + 2 (Krum's, Multi-Krum's and the reference loop's requirement). */
export function checkKrumSize(rule: string, n: number, f: number): void {
  if (n <= 2 * f + 2) {
    throw new AggregatorError(`${rule} needs n > 2f + 2 clients, got n = ${n}, f = ${f}`, 'aggregator.f');
  }
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
    const dist = pairwiseSquaredDistances(updates, ctx.distances);
    const scores = krumScores(dist, n, k, undefined, this.scratch.get(n));
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
