/**
 * FedAvg (McMahan et al., "Communication-Efficient Learning of Deep Networks from Decentralized
 * Data", AISTATS 2017):
 *
 *   y = (1/n) sum_i x_i              (default, as the FRL reference averages its updates)
 *   y = sum_i w_i x_i / sum_i w_i    (when ctx.weights, e.g. sample counts, is given)
 *
 * Reducible: a weighted sum and a total weight can be added up in a tree. Unweighted, the round
 * folds the updates in client-id order into float64 sums (`fold`), the same sums in the same order
 * as `aggregate`, and divides at the end.
 */
import { z } from 'zod';
import { defineAggregator } from './descriptor.js';
import { checkUpdates, FoldGuard, normalizedWeights } from './common.js';
import type { AggregateFold, AggregationContext, WeightAggregator } from './types.js';

export class FedAvg implements WeightAggregator {
  readonly name = 'fedavg' as const;
  readonly consumes = 'weights' as const;
  readonly reducible = true;

  aggregate(updates: readonly Float32Array[], ctx: AggregationContext): Float32Array {
    const dim = checkUpdates(updates, 'fedavg');
    const w = normalizedWeights(ctx, updates.length, 'fedavg');
    const out = new Float32Array(dim);
    if (w === null) meanInto(updates, out);
    else weightedMeanInto(updates, w, out);
    return out;
  }

  fold(dim: number, ctx: AggregationContext): AggregateFold<Float32Array, Float32Array> | null {
    return ctx.weights === undefined ? new MeanFold(dim) : null;
  }
}

/** Unweighted FedAvg, one update at a time: float64 sums per coordinate, divided by the count at the end. */
class MeanFold implements AggregateFold<Float32Array, Float32Array> {
  readonly orderFree = false;
  private readonly sums: Float64Array;
  private readonly guard = new FoldGuard('fedavg');

  constructor(private readonly dim: number) {
    this.sums = new Float64Array(dim);
  }

  get count(): number {
    return this.guard.count;
  }

  add(update: Float32Array): void {
    this.guard.add(update.length, this.dim);
    const sums = this.sums;
    for (let j = 0; j < this.dim; j++) sums[j] += update[j];
  }

  finish(): Float32Array {
    const n = this.guard.finish();
    const out = new Float32Array(this.dim);
    for (let j = 0; j < this.dim; j++) out[j] = this.sums[j] / n;
    return out;
  }
}

/** out[j] = mean_i updates[i][j], summed in float64. */
export function meanInto(updates: readonly Float32Array[], out: Float32Array): void {
  const n = updates.length;
  const dim = out.length;
  for (let j = 0; j < dim; j++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += updates[i][j];
    out[j] = s / n;
  }
}

/** out[j] = sum_i w[i] updates[i][j] (w sums to 1). */
function weightedMeanInto(updates: readonly Float32Array[], w: Float64Array, out: Float32Array): void {
  const n = updates.length;
  const dim = out.length;
  for (let j = 0; j < dim; j++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += w[i] * updates[i][j];
    out[j] = s;
  }
}

export const fedavgDescriptor = defineAggregator({
  kind: 'fedavg',
  consumes: 'weights',
  reducible: true,
  params: z.strictObject({}),
  create: () => new FedAvg(),
});
