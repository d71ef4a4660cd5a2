/**
 * Min-Sum attack: the farthest point along a perturbation direction whose summed squared
 * distance to the benign updates stays within theirs. AGR-agnostic.
 *
 * Formula:    m = mean - gamma * p,   gamma = max { gamma : sum_i ||m - b_i||^2 <= B },
 *             B = min_i sum_j ||b_i - b_j||^2   (sumBound 'min', default, as in the authors' code)
 *               or max_i sum_j ||b_i - b_j||^2  (sumBound 'max', the looser bound of the paper's text).
 * Parameters: deviation (default 'std'); gammaInit (default 10) and tolerance (default 1e-5) of
 *             the halving search; sumBound.
 * Input:      the pool as in min-max.ts; closed-form distances along the line.
 * Returns:    ctx.count copies of m. Deterministic.
 * Reference:  Shejwalkar & Houmansadr, NDSS 2021.
 */
import { z } from 'zod';
import { choice, positive } from '../plugins/param-types.js';
import { defineAttack } from './descriptor.js';
import { deviationParam } from './deviation-param.js';
import type { WeightAttack, WeightAttackContext } from './types.js';
import { DEVIATION_KINDS, perturbation } from './perturbation.js';
import { alongLine, lineDistance, lineGeometry } from './line-geometry.js';
import { checkChoice, checkNumber } from './input-checks.js';
import { coordinateMeanStd } from './coordinate-stats.js';
import { halvingSearch } from './halving-search.js';
import { pairwiseSquaredDistances } from '../aggregators/common.js';
import { replicate } from './replicate.js';
import { statisticsPool } from './statistics-pool.js';
import type { DistanceAttackOptions } from './min-max.js';

export type SumBound = 'min' | 'max';

export interface MinSumOptions extends DistanceAttackOptions {
  /** Which benign sum bounds the malicious one (default 'min'). */
  sumBound?: SumBound;
}

export const MIN_SUM_DEFAULTS = { deviation: 'std' as const, gammaInit: 10, tolerance: 1e-5, sumBound: 'min' as SumBound };

export function minSumAttack(options: MinSumOptions = {}): WeightAttack {
  const deviation = checkChoice(options.deviation ?? MIN_SUM_DEFAULTS.deviation, DEVIATION_KINDS, 'attack.deviation');
  const gammaInit = checkNumber(options.gammaInit ?? MIN_SUM_DEFAULTS.gammaInit, 'attack.gammaInit', { exclusiveMin: 0 });
  const tolerance = checkNumber(options.tolerance ?? MIN_SUM_DEFAULTS.tolerance, 'attack.tolerance', { exclusiveMin: 0 });
  const sumBound = checkChoice(options.sumBound ?? MIN_SUM_DEFAULTS.sumBound, ['min', 'max'], 'attack.sumBound');
  return {
    name: 'min-sum',
    targets: 'weights',
    craft(ctx: WeightAttackContext): Float32Array[] {
      if (ctx.count <= 0) return [];
      const pool = statisticsPool(ctx, 'min-sum');
      const n = pool.length;
      const { mean, std } = coordinateMeanStd(pool);
      const p = perturbation(deviation, mean, std);
      const dist = pairwiseSquaredDistances(pool, ctx.distances);
      let bound = sumBound === 'min' ? Infinity : 0;
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let j = 0; j < n; j++) s += dist[i * n + j];
        bound = sumBound === 'min' ? Math.min(bound, s) : Math.max(bound, s);
      }
      const line = lineGeometry(pool, mean, p);
      const gamma = halvingSearch(gammaInit, tolerance, (g) => {
        let total = 0;
        for (let i = 0; i < n; i++) total += lineDistance(line, i, g);
        return total <= bound;
      });
      return replicate(alongLine(mean, gamma, p), ctx.count);
    },
  };
}

export const minSumDescriptor = defineAttack({
  kind: 'min-sum',
  targets: 'weights',
  params: z.strictObject({
    deviation: deviationParam.default(MIN_SUM_DEFAULTS.deviation),
    gammaInit: positive().default(MIN_SUM_DEFAULTS.gammaInit),
    tolerance: positive().default(MIN_SUM_DEFAULTS.tolerance),
    sumBound: choice(['min', 'max']).default(MIN_SUM_DEFAULTS.sumBound),
  }),
  create: (options) => minSumAttack(options),
});
