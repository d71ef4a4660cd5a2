/**
 * Coordinate-wise Uniform Phantom (Aziz, Lam, Lee, Walsh, "Strategyproof and Proportionally
 * Fair Facility Location"; Moulin's generalized median, 1980):
 *
 *   y_j = med(x_1j, ..., x_nj, p_1j, ..., p_(n-1)j),   p_kj = lo_j + (hi_j - lo_j) * k / n
 *
 * with [lo_j, hi_j] the range of coordinate j among the round's updates, or a fixed `range`
 * from the config (values outside it are clamped into it). On each coordinate it is the
 * strategyproof, proportionally fair facility-location mechanism. The kernel is
 * `uniformPhantomCoordinatewise` of @fedrank/voting.
 */
import { z } from 'zod';
import { defineAggregator } from './descriptor.js';
import { PhantomMedianError, uniformPhantomCoordinatewise } from '@fedrank/voting';
import { checkUpdates } from './common.js';
import { AggregatorError, type AggregationContext, type WeightAggregator } from './types.js';

export class UniformPhantom implements WeightAggregator {
  readonly name = 'uniform-phantom' as const;
  readonly consumes = 'weights' as const;
  readonly reducible = false;

  constructor(readonly range?: { lo: number; hi: number }) {
    if (range !== undefined && !(Number.isFinite(range.lo) && Number.isFinite(range.hi) && range.lo <= range.hi)) {
      throw new AggregatorError(`[${range.lo}, ${range.hi}] is not a finite interval with lo <= hi`, 'aggregator.range');
    }
  }

  aggregate(updates: readonly Float32Array[], _ctx: AggregationContext): Float32Array {
    checkUpdates(updates, 'uniform-phantom');
    try {
      return uniformPhantomCoordinatewise(updates, this.range);
    } catch (e) {
      if (e instanceof PhantomMedianError) throw new AggregatorError(e.message, e.field ?? 'updates');
      throw e;
    }
  }
}

export const uniformPhantomDescriptor = defineAggregator({
  kind: 'uniform-phantom',
  consumes: 'weights',
  reducible: false,
  /** range: fixed phantom range for every coordinate (default: each coordinate's range). */
  params: z.strictObject({ range: z.strictObject({ lo: z.number(), hi: z.number() }).optional() }),
  create: ({ range }) => new UniformPhantom(range),
});
