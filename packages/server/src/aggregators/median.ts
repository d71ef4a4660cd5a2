/**
 * Coordinate-wise median (Yin, Chen, Kannan, Bartlett, "Byzantine-Robust Distributed Learning:
 * Towards Optimal Statistical Rates", ICML 2018):
 *
 *   y_j = med(x_1j, ..., x_nj)       (n even: the mean of the two middle values)
 *
 * Each coordinate's n values are gathered into one reused buffer and sorted there.
 */
import { z } from 'zod';
import { defineAggregator } from './descriptor.js';
import { Scratch, checkUpdates, gather, insertionSort, sortedMedian } from './common.js';
import type { AggregationContext, WeightAggregator } from './types.js';

export class CoordinateMedian implements WeightAggregator {
  readonly name = 'median' as const;
  readonly consumes = 'weights' as const;
  readonly reducible = false;
  private readonly scratch = new Scratch();

  aggregate(updates: readonly Float32Array[], _ctx: AggregationContext): Float32Array {
    const dim = checkUpdates(updates, 'median');
    const out = new Float32Array(dim);
    medianInto(updates, out, this.scratch.get(updates.length));
    return out;
  }
}

function medianInto(updates: readonly Float32Array[], out: Float32Array, buf: Float64Array): void {
  const n = updates.length;
  const dim = out.length;
  for (let j = 0; j < dim; j++) {
    gather(updates, j, buf);
    insertionSort(buf, n);
    out[j] = sortedMedian(buf, n);
  }
}

export const medianDescriptor = defineAggregator({
  kind: 'median',
  consumes: 'weights',
  reducible: false,
  params: z.strictObject({}),
  create: () => new CoordinateMedian(),
});
