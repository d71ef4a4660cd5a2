/**
 * Geometric median by the smoothed Weiszfeld algorithm.
 *
 * Formula:    y ~ argmin_v sum_i a_i ||v - x_i||           (a_i: ctx.weights normalized, else 1/n)
 *             v_{t+1} = sum_i b_i x_i / sum_i b_i,   b_i = a_i / max(eps, ||v_t - x_i||)
 *             from the (weighted) mean, or from zero with init 'zero'.
 * Stopping:   after `iterations` updates; with tolerance > 0, also after the first update with
 *               ||v_{t+1} - v_t|| <= tolerance * H_t,   H_t = 1 / sum_i b_i,
 *             H_t being the a-weighted harmonic mean of the distances max(eps, ||v_t - x_i||): set
 *             by the points near v_t, not by a far outlier. As v_{t+1} - v_t = H_t * sum_i a_i
 *             (x_i - v_t) / max(eps, ||x_i - v_t||), this says the objective's gradient (a weighted
 *             sum of unit vectors) has norm <= tolerance. tolerance 0: every update runs.
 * Parameters: eps > 0 (default 1e-6), iterations >= 1 (default 100), tolerance >= 0 (default
 *             1e-6), init 'mean' | 'zero' (default 'mean').
 * Input:      n >= 1 updates of one length (Float32Array deltas); optional ctx.weights.
 * Returns:    v in float64, rounded to float32; `lastIterations` counts the updates done.
 * Reference:  Pillutla, Kakade, Harchaoui, "Robust Aggregation for Federated Learning", IEEE
 *             Trans. Signal Processing 2022 (RFA); Weiszfeld, Tohoku Math. J. 1937.
 * Departure:  RFA stops on the relative change of the objective, which a far outlier dominates:
 *             it can stop changing in float64 while the point still moves.
 */
import { z } from 'zod';
import { atLeast, choice, count, positive } from '../plugins/param-types.js';
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
    let v = new Float64Array(dim);
    let previous = new Float64Array(dim);
    if (this.init === 'mean') weightedSumInto(updates, a, 1, v);
    const b = new Float64Array(n);
    this.lastIterations = 0;
    for (let t = 0; t < this.iterations; t++) {
      let total = 0;
      for (let i = 0; i < n; i++) {
        b[i] = a[i] / Math.max(this.eps, distanceTo(updates[i], v));
        total += b[i];
      }
      [previous, v] = [v, previous];
      weightedSumInto(updates, b, 1 / total, v);
      this.lastIterations++;
      if (this.tolerance > 0 && movement(previous, v) <= this.tolerance / total) break;
    }
    return Float32Array.from(v);
  }
}

/** ||v - u||, float64. */
function movement(u: Float64Array, v: Float64Array): number {
  let s = 0;
  for (let j = 0; j < v.length; j++) {
    const d = v[j] - u[j];
    s += d * d;
  }
  return Math.sqrt(s);
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
  /** eps: smoothing floor of the distances; iterations: max Weiszfeld updates; tolerance: stop on movement <= tolerance x H_t (0: every update runs); init: starting point. */
  params: z.strictObject({
    eps: positive().default(1e-6),
    iterations: count(1).default(100),
    tolerance: atLeast(0).default(1e-6),
    init: choice(['mean', 'zero']).default('mean'),
  }),
  create: (options) => new GeometricMedian(options),
});
