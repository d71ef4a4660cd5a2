/**
 * Geometric median by the smoothed Weiszfeld algorithm (RFA: Pillutla, Kakade, Harchaoui,
 * "Robust Aggregation for Federated Learning", IEEE Trans. Signal Processing 2022):
 *
 *   y ~ argmin_v sum_i a_i ||v - x_i||           (a_i: ctx.weights normalized, else 1/n)
 *   v_{t+1} = sum_i b_i x_i / sum_i b_i,   b_i = a_i / max(eps, ||v_t - x_i||)
 *
 * starting from the (weighted) mean, or from zero with init 'zero'; it stops after `iterations`
 * updates or when the smoothed objective g(v) = sum_i a_i max(eps, ||v - x_i||) changes by at
 * most tolerance * g(v) (RFA's relative stopping rule; tolerance 0: always run `iterations`).
 * Defaults eps = 1e-6, iterations = 100, tolerance = 1e-6. The point is kept in float64.
 */
import { z } from 'zod';
import { choice, count, positive } from '../plugins/param-types.js';
import { defineAggregator } from './descriptor.js';
import { checkUpdates, distanceTo, normalizedWeights } from './common.js';
import { AggregatorError, type AggregationContext, type WeightAggregator } from './types.js';

export interface GeometricMedianOptions {
  eps?: number;
  iterations?: number;
  tolerance?: number;
  init?: 'mean' | 'zero';
}

export class GeometricMedian implements WeightAggregator {
  readonly name = 'geometric-median' as const;
  readonly consumes = 'weights' as const;
  readonly reducible = false;
  readonly eps: number;
  readonly iterations: number;
  readonly tolerance: number;
  readonly init: 'mean' | 'zero';
  /** Weiszfeld updates done by the last call (for metrics and tests). */
  lastIterations = 0;

  constructor(options: GeometricMedianOptions = {}) {
    this.eps = options.eps ?? 1e-6;
    this.iterations = options.iterations ?? 100;
    this.tolerance = options.tolerance ?? 1e-6;
    this.init = options.init ?? 'mean';
    if (!(Number.isFinite(this.eps) && this.eps > 0)) {
      throw new AggregatorError(`must be a finite number > 0, got ${this.eps}`, 'aggregator.eps');
    }
    if (!(Number.isInteger(this.iterations) && this.iterations >= 1)) {
      throw new AggregatorError(`must be an integer >= 1, got ${this.iterations}`, 'aggregator.iterations');
    }
    if (!(Number.isFinite(this.tolerance) && this.tolerance >= 0)) {
      throw new AggregatorError(`must be a finite number >= 0, got ${this.tolerance}`, 'aggregator.tolerance');
    }
    if (this.init !== 'mean' && this.init !== 'zero') {
      throw new AggregatorError(`must be 'mean' or 'zero', got ${String(this.init)}`, 'aggregator.init');
    }
  }

  aggregate(updates: readonly Float32Array[], ctx: AggregationContext): Float32Array {
    const dim = checkUpdates(updates, 'geometric-median');
    const n = updates.length;
    const a = normalizedWeights(ctx, n, 'geometric-median') ?? new Float64Array(n).fill(1 / n);
    const v = new Float64Array(dim);
    if (this.init === 'mean') weightedSumInto(updates, a, 1, v);
    const b = new Float64Array(n);
    let objective = this.smoothedObjective(updates, a, v, b);
    this.lastIterations = 0;
    for (let t = 0; t < this.iterations; t++) {
      // b holds the distances ||v - x_i|| of the current point.
      let total = 0;
      for (let i = 0; i < n; i++) {
        b[i] = a[i] / Math.max(this.eps, b[i]);
        total += b[i];
      }
      weightedSumInto(updates, b, 1 / total, v);
      this.lastIterations++;
      const next = this.smoothedObjective(updates, a, v, b);
      const converged = Math.abs(objective - next) <= this.tolerance * next;
      objective = next;
      if (converged) break;
    }
    return Float32Array.from(v);
  }

  /** g(v) = sum_i a_i max(eps, ||v - x_i||); writes the distances into dist. */
  private smoothedObjective(updates: readonly Float32Array[], a: Float64Array, v: Float64Array, dist: Float64Array): number {
    let g = 0;
    for (let i = 0; i < updates.length; i++) {
      dist[i] = distanceTo(updates[i], v);
      g += a[i] * Math.max(this.eps, dist[i]);
    }
    return g;
  }
}

/** out_j = scale * sum_i w_i x_ij. */
function weightedSumInto(updates: readonly Float32Array[], w: Float64Array, scale: number, out: Float64Array): void {
  const n = updates.length;
  const dim = out.length;
  for (let j = 0; j < dim; j++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += w[i] * updates[i][j];
    out[j] = scale * s;
  }
}

export const geometricMedianDescriptor = defineAggregator({
  kind: 'geometric-median',
  consumes: 'weights',
  reducible: false,
  /** eps: smoothing floor of the distances; iterations: max Weiszfeld updates; tolerance: relative objective change that stops; init: starting point. */
  params: z.strictObject({
    eps: positive().default(1e-6),
    iterations: count(1).default(100),
    tolerance: positive().default(1e-6),
    init: choice(['mean', 'zero']).default('mean'),
  }),
  create: (options) => new GeometricMedian(options),
});
