/**
 * Min-Max attack (Shejwalkar & Houmansadr, "Manipulating the Byzantine: Optimizing Model
 * Poisoning Attacks and Defenses for Federated Learning", NDSS 2021). AGR-agnostic: it needs the
 * statistics pool but not the aggregation rule. Every malicious client sends
 *
 *   m = mean - gamma * p,   gamma = max { gamma : max_i ||m - b_i||^2 <= max_{i,j} ||b_i - b_j||^2 }
 *
 * where b_i are the pool's updates (this round's benign updates when the attacker sees them,
 * else the attackers' own honest updates), mean their coordinate-wise mean and p the perturbation
 * direction: 'std' (coordinate-wise std, default), 'unit-vec' (mean / ||mean||) or 'sign'
 * (sign(mean)). The malicious update is no farther from any benign update than the two farthest
 * benign updates are from each other. gamma comes from the authors' halving search: start at
 * gammaInit = 10, step halving, tolerance 1e-5 (see halvingSearch). Distances along the line are
 * evaluated in closed form (float64), so the search costs one pass over the pool. Deterministic.
 */
import { z } from 'zod';
import { positive } from '../plugins/param-types.js';
import { defineAttack } from './descriptor.js';
import { deviationParam } from './deviation-param.js';
import type { WeightAttack, WeightAttackContext } from './types.js';
import {
  DEVIATION_KINDS,
  type DeviationKind,
  alongLine,
  checkChoice,
  checkNumber,
  coordinateMeanStd,
  halvingSearch,
  lineDistance,
  lineGeometry,
  pairwiseSquaredDistances,
  perturbation,
  replicate,
  statisticsPool,
} from './weight-stats.js';

export interface DistanceAttackOptions {
  /** Perturbation direction (default 'std'). */
  deviation?: DeviationKind;
  /** First gamma of the halving search (default 10). */
  gammaInit?: number;
  /** Search tolerance (default 1e-5). */
  tolerance?: number;
}

export const MIN_MAX_DEFAULTS = { deviation: 'std' as DeviationKind, gammaInit: 10, tolerance: 1e-5 };

export function minMaxAttack(options: DistanceAttackOptions = {}): WeightAttack {
  const deviation = checkChoice(options.deviation ?? MIN_MAX_DEFAULTS.deviation, DEVIATION_KINDS, 'attack.deviation');
  const gammaInit = checkNumber(options.gammaInit ?? MIN_MAX_DEFAULTS.gammaInit, 'attack.gammaInit', { exclusiveMin: 0 });
  const tolerance = checkNumber(options.tolerance ?? MIN_MAX_DEFAULTS.tolerance, 'attack.tolerance', { exclusiveMin: 0 });
  return {
    name: 'min-max',
    targets: 'weights',
    craft(ctx: WeightAttackContext): Float32Array[] {
      if (ctx.count <= 0) return [];
      const pool = statisticsPool(ctx, 'min-max');
      const n = pool.length;
      const { mean, std } = coordinateMeanStd(pool);
      const p = perturbation(deviation, mean, std);
      const dist = pairwiseSquaredDistances(pool);
      let bound = 0;
      for (let t = 0; t < dist.length; t++) if (dist[t] > bound) bound = dist[t];
      const line = lineGeometry(pool, mean, p);
      const gamma = halvingSearch(gammaInit, tolerance, (g) => {
        let worst = 0;
        for (let i = 0; i < n; i++) worst = Math.max(worst, lineDistance(line, i, g));
        return worst <= bound;
      });
      return replicate(alongLine(mean, gamma, p), ctx.count);
    },
  };
}

export const minMaxDescriptor = defineAttack({
  kind: 'min-max',
  targets: 'weights',
  params: z.strictObject({
    deviation: deviationParam.default(MIN_MAX_DEFAULTS.deviation),
    gammaInit: positive().default(MIN_MAX_DEFAULTS.gammaInit),
    tolerance: positive().default(MIN_MAX_DEFAULTS.tolerance),
  }),
  create: (options) => minMaxAttack(options),
});
