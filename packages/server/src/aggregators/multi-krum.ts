/**
 * Multi-Krum: the mean of the m updates with the lowest Krum scores.
 *
 * Formula:    score(i) as in Krum (sum of squared distances to the n - f - 2 closest other updates)
 *             y = mean of the m updates with the smallest scores   (ties: the lower index)
 * Parameters: m, the number averaged (default n - f, 1 <= m <= n); f, the Byzantine count
 *             (default: the round's); variant 'standard' | 'reference'.
 * Input:      n > 2f + 2 updates of one length (Float32Array deltas).
 * Returns:    the mean of the chosen updates, summed in float64 in score order (`select` returns
 *             their indices, best first).
 * Reference:  Blanchard, El Mhamdi, Guerraoui, Stainer, "Machine Learning with Adversaries:
 *             Byzantine Tolerant Gradient Descent", NeurIPS 2017, section 5.
 * Departure:  variant 'reference' reproduces the FRL reference code (multi_krum with
 *             multi_k = True, from Shejwalkar & Houmansadr's NDSS 2021 code): while more than
 *             2f + 2 updates remain, score the remaining r updates (sorted distance rows including
 *             the zero self-distance, first r - 2 - f entries summed: the r - f - 3 closest
 *             others) and move the best to the selection; the aggregate is the mean of the
 *             n - 2f - 2 selected updates. Scores are recomputed on the shrinking set.
 */
import { z } from 'zod';
import { choice, count } from '../plugins/param-types.js';
import { defineAggregator } from './descriptor.js';
import { iterativeKrum, krumOrder, krumScores } from '@fedrank/voting';
import { meanInto } from './fedavg.js';
import { Scratch, checkCount, checkUpdates, pairwiseSquaredDistances, resolveF } from './common.js';
import { checkKrumSize, type KrumVariant } from './krum.js';
import { AggregatorError, type AggregationContext, type SelectingWeightAggregator } from './types.js';

export class MultiKrum implements SelectingWeightAggregator {
  readonly name = 'multi-krum' as const;
  readonly consumes = 'weights' as const;
  readonly reducible = false;
  private readonly scratch = new Scratch();

  /**
   * m: number of updates averaged (default n - f; not allowed with the reference variant, which
   * averages n - 2f - 2). f: fixed Byzantine count (default: the round's f).
   */
  constructor(
    readonly m?: number,
    readonly f?: number,
    readonly variant: KrumVariant = 'standard',
  ) {
    if (m !== undefined) checkCount(m, 'aggregator.m', 1);
    if (f !== undefined) checkCount(f, 'aggregator.f');
    if (m !== undefined && variant === 'reference') {
      throw new AggregatorError('the reference variant averages n - 2f - 2 updates; m cannot be set', 'aggregator.m');
    }
  }

  select(updates: readonly Float32Array[], ctx: AggregationContext): number[] {
    checkUpdates(updates, 'multi-krum');
    const n = updates.length;
    const f = resolveF(this.f, ctx);
    checkKrumSize('multi-krum', n, f);
    const dist = pairwiseSquaredDistances(updates, ctx.distances);
    const buf = this.scratch.get(n);
    if (this.variant === 'reference') {
      return iterativeKrum(dist, n, n - 2 * f - 2, (r) => r - f - 3, buf);
    }
    const m = this.m ?? n - f;
    if (m > n) {
      throw new AggregatorError(`multi-krum cannot average m = ${m} of n = ${n} updates`, 'aggregator.m');
    }
    return krumOrder(krumScores(dist, n, n - f - 2, undefined, buf)).slice(0, m);
  }

  aggregate(updates: readonly Float32Array[], ctx: AggregationContext): Float32Array {
    const chosen = this.select(updates, ctx).map((i) => updates[i]);
    const out = new Float32Array(updates[0].length);
    meanInto(chosen, out);
    return out;
  }
}

export const multiKrumDescriptor = defineAggregator({
  kind: 'multi-krum',
  consumes: 'weights',
  reducible: false,
  /** m: number of updates averaged (default n - f); variant as krum's. */
  params: z.strictObject({
    m: count(1).optional(),
    variant: choice(['standard', 'reference']).default('standard'),
  }),
  create: ({ m, variant }, { f }) => new MultiKrum(m, f, variant),
});
