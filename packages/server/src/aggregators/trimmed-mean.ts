/**
 * Coordinate-wise trimmed mean.
 *
 * Formula:    y_j = 1/(n - 2b) * sum_{k=b+1}^{n-b} x_(k)j     (x_(k)j: the k-th smallest value of coordinate j)
 *             i.e. drop the b largest and b smallest values of every coordinate and average the rest.
 * Parameters: beta = b (default: f, the spec's fixed f, else the round's); f.
 * Input:      n > 2b updates of one length (Float32Array deltas).
 * Returns:    the trimmed mean per coordinate, computed in float64 by @fedrank/voting's
 *             coordinateTrimmedMeanInto.
 * Reference:  Yin, Chen, Kannan, Bartlett, "Byzantine-Robust Distributed Learning: Towards Optimal
 *             Statistical Rates", ICML 2018. With b = the round's number of malicious clients this
 *             is the FRL reference code's tr_mean (which takes the plain mean when there are none).
 */
import { z } from 'zod';
import { count } from '../plugins/param-types.js';
import { defineAggregator } from './descriptor.js';
import { coordinateTrimmedMeanInto } from '@fedrank/voting';
import { Scratch, checkCount, checkUpdates, resolveF } from './common.js';
import { AggregatorError, type AggregationContext, type WeightAggregator } from './types.js';

export class TrimmedMean implements WeightAggregator {
  readonly name = 'trimmed-mean' as const;
  readonly consumes = 'weights' as const;
  readonly reducible = false;
  private readonly scratch = new Scratch();

  /** beta: values dropped at each end of every coordinate (default: f, the fixed or the round's). */
  constructor(
    readonly beta?: number,
    readonly f?: number,
  ) {
    if (beta !== undefined) checkCount(beta, 'aggregator.beta');
    if (f !== undefined) checkCount(f, 'aggregator.f');
  }

  /** b: the values dropped at each end of every coordinate in the round of `ctx`. */
  dropped(ctx: AggregationContext): number {
    return this.beta ?? resolveF(this.f, ctx);
  }

  aggregate(updates: readonly Float32Array[], ctx: AggregationContext): Float32Array {
    const dim = checkUpdates(updates, 'trimmed-mean');
    const n = updates.length;
    const b = this.dropped(ctx);
    if (n <= 2 * b) {
      throw new AggregatorError(
        `trimmed-mean needs n > 2*beta clients to keep any value, got n = ${n}, beta = ${b}`,
        this.beta === undefined ? 'aggregator.f' : 'aggregator.beta',
      );
    }
    const out = new Float32Array(dim);
    coordinateTrimmedMeanInto(updates, b, out, this.scratch.get(n));
    return out;
  }
}

export const trimmedMeanDescriptor = defineAggregator({
  kind: 'trimmed-mean',
  consumes: 'weights',
  reducible: false,
  /** beta: values dropped at each end per coordinate (default f). */
  params: z.strictObject({ beta: count(0).optional() }),
  create: ({ beta }, { f }) => new TrimmedMean(beta, f),
});
