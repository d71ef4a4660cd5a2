/**
 * Coordinate-wise median.
 *
 * Formula:    y_j = med(x_1j, ..., x_nj)       (n even: the mean of the two middle values)
 * Parameters: none.
 * Input:      n >= 1 updates of one length (Float32Array deltas).
 * Returns:    the median per coordinate, computed in float64 by @fedrank/voting's
 *             coordinateMedianInto (each coordinate's n values sorted in one reused buffer).
 * Reference:  Yin, Chen, Kannan, Bartlett, "Byzantine-Robust Distributed Learning: Towards Optimal
 *             Statistical Rates", ICML 2018.
 */
import { z } from 'zod';
import { defineAggregator } from './descriptor.js';
import { coordinateMedianInto } from '@fedrank/voting';
import { Scratch, checkUpdates } from './common.js';
import type { AggregationContext, WeightAggregator } from './types.js';

export class CoordinateMedian implements WeightAggregator {
  readonly name = 'median' as const;
  readonly consumes = 'weights' as const;
  readonly reducible = false;
  private readonly scratch = new Scratch();

  aggregate(updates: readonly Float32Array[], _ctx: AggregationContext): Float32Array {
    const dim = checkUpdates(updates, 'median');
    const out = new Float32Array(dim);
    coordinateMedianInto(updates, out, this.scratch.get(updates.length));
    return out;
  }
}

export const medianDescriptor = defineAggregator({
  kind: 'median',
  consumes: 'weights',
  reducible: false,
  params: z.strictObject({}),
  create: () => new CoordinateMedian(),
});
