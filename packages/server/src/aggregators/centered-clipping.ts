/**
 * Centered clipping (Karimireddy, He, Jaggi, "Learning from History for Byzantine Robust
 * Optimization", ICML 2021):
 *
 *   v_0 = the previous round's aggregate (zero in the first round)
 *   v_{l+1} = v_l + (1/n) sum_i clip(x_i - v_l, tau),   clip(z, tau) = z * min(1, tau / ||z||)
 *   y = v_L
 *
 * The center v is the rule's momentum across rounds and lives on the instance (`state()` /
 * `restore()` let a checkpoint carry it). Defaults tau = 10, L = 1.
 */
import { z } from 'zod';
import { count, positive } from '../plugins/param-types.js';
import { defineAggregator } from './descriptor.js';
import { checkUpdates, distanceTo } from './common.js';
import { AggregatorError, type AggregationContext, type WeightAggregator } from './types.js';

export class CenteredClipping implements WeightAggregator {
  readonly name = 'centered-clipping' as const;
  readonly consumes = 'weights' as const;
  readonly reducible = false;
  private center: Float64Array | null = null;

  constructor(
    readonly tau = 10,
    readonly iterations = 1,
  ) {
    if (!(Number.isFinite(tau) && tau > 0)) {
      throw new AggregatorError(`must be a finite number > 0, got ${tau}`, 'aggregator.tau');
    }
    if (!(Number.isInteger(iterations) && iterations >= 1)) {
      throw new AggregatorError(`must be an integer >= 1, got ${iterations}`, 'aggregator.iterations');
    }
  }

  aggregate(updates: readonly Float32Array[], _ctx: AggregationContext): Float32Array {
    const dim = checkUpdates(updates, 'centered-clipping');
    if (this.center !== null && this.center.length !== dim) {
      throw new AggregatorError(`the momentum has ${this.center.length} coordinates, the updates have ${dim}`, 'updates');
    }
    const v = this.center ?? new Float64Array(dim);
    const factors = new Float64Array(updates.length);
    for (let l = 0; l < this.iterations; l++) {
      for (let i = 0; i < updates.length; i++) {
        const d = distanceTo(updates[i], v);
        factors[i] = d > this.tau ? this.tau / d : 1;
      }
      clippedStep(updates, factors, v);
    }
    this.center = v;
    return Float32Array.from(v);
  }

  /** The current center (a float64 copy, exact), or null before the first round. */
  state(): Float64Array | null {
    return this.center === null ? null : Float64Array.from(this.center);
  }

  /** Sets the center (e.g. from a checkpoint); null starts again from zero. */
  restore(center: Float32Array | Float64Array | null): void {
    this.center = center === null ? null : Float64Array.from(center);
  }
}

/** v_j += (1/n) sum_i c_i (x_ij - v_j). */
function clippedStep(updates: readonly Float32Array[], c: Float64Array, v: Float64Array): void {
  const n = updates.length;
  const dim = v.length;
  for (let j = 0; j < dim; j++) {
    const vj = v[j];
    let s = 0;
    for (let i = 0; i < n; i++) s += c[i] * (updates[i][j] - vj);
    v[j] = vj + s / n;
  }
}

export const centeredClippingDescriptor = defineAggregator({
  kind: 'centered-clipping',
  consumes: 'weights',
  reducible: false,
  /** tau: clipping radius; iterations: clipping iterations L per round. */
  params: z.strictObject({ tau: positive().default(10), iterations: count(1).default(1) }),
  create: ({ tau, iterations }) => new CenteredClipping(tau, iterations),
});
