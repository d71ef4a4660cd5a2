/**
 * Min-Max attack: the farthest point along a perturbation direction that stays no farther from
 * any benign update than the two farthest benign updates are from each other. AGR-agnostic.
 *
 * Formula:    m = mean - gamma * p,
 *             gamma = max { gamma : max_i ||m - b_i||^2 <= max_{i,j} ||b_i - b_j||^2 },
 *             b_i the pool's updates, mean their coordinate-wise mean, p the perturbation.
 * Parameters: deviation 'std' (default) | 'unit-vec' | 'sign' (see perturbation.ts); gammaInit
 *             (default 10) and tolerance (default 1e-5) of the authors' halving search.
 * Input:      the pool: this round's benign updates when the attacker sees them, else the
 *             attackers' own honest updates. Distances along the line are evaluated in closed
 *             form (float64), so the search costs one pass over the pool.
 * Returns:    ctx.count copies of m. Deterministic.
 * Reference:  Shejwalkar & Houmansadr, "Manipulating the Byzantine: Optimizing Model Poisoning
 *             Attacks and Defenses for Federated Learning", NDSS 2021.
 */
import { z } from 'zod';
import { positive } from '../plugins/param-types.js';
import { defineAttack } from './descriptor.js';
import { deviationParam } from './deviation-param.js';
import type { WeightAttack, WeightAttackContext } from './types.js';
import { DEVIATION_KINDS, type DeviationKind, perturbation } from './perturbation.js';
import { alongLine, lineDistance, lineGeometry } from './line-geometry.js';
import { checkChoice, checkNumber } from './input-checks.js';
import { coordinateMeanStd } from './coordinate-stats.js';
import { halvingSearch } from './halving-search.js';
import { pairwiseSquaredDistances } from '../aggregators/common.js';
import { replicate } from './replicate.js';
import { statisticsPool } from './statistics-pool.js';

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
      const dist = pairwiseSquaredDistances(pool, ctx.distances);
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
