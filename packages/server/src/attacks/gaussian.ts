/**
 * Gaussian noise attack: every malicious client sends an independent random vector.
 *
 * Formula:    mode 'noise' (default): each coordinate ~ N(0, sigma^2);
 *             mode 'mean-plus-noise': mean(pool) + N(0, sigma^2) per coordinate.
 * Parameters: sigma > 0 (default 1, ByzFL's default; one round's weight deltas are usually much
 *             smaller, so this is a strong, crude attack); mode.
 * Input:      'noise' needs no knowledge; 'mean-plus-noise' uses the pool (the benign updates when
 *             the attacker sees them, else the attackers' own honest updates). Draws come from
 *             ctx.rng only, client by client, coordinate by coordinate.
 * Returns:    ctx.count updates; the same seed gives the same updates.
 * Reference:  Blanchard et al., NeurIPS 2017 ("Gaussian Byzantine workers"); ByzFL's Gaussian.
 */
import { z } from 'zod';
import { choice, positive } from '../plugins/param-types.js';
import { defineAttack } from './descriptor.js';
import type { Rng } from '@fedrank/random';
import type { WeightAttack, WeightAttackContext } from './types.js';
import { checkChoice, checkNumber, checkSameLength } from './input-checks.js';
import { coordinateMean } from './coordinate-stats.js';
import { statisticsPool } from './statistics-pool.js';

export type GaussianMode = 'noise' | 'mean-plus-noise';

export interface GaussianOptions {
  /** Standard deviation of the noise (default 1). */
  sigma?: number;
  /** Pure noise, or the pool mean plus noise (default 'noise'). */
  mode?: GaussianMode;
}

export const GAUSSIAN_DEFAULTS = { sigma: 1, mode: 'noise' as GaussianMode };

export function gaussianAttack(options: GaussianOptions = {}): WeightAttack {
  const sigma = checkNumber(options.sigma ?? GAUSSIAN_DEFAULTS.sigma, 'attack.sigma', { min: 0 });
  const mode = checkChoice(options.mode ?? GAUSSIAN_DEFAULTS.mode, ['noise', 'mean-plus-noise'], 'attack.gaussianMode');
  return {
    name: 'gaussian',
    targets: 'weights',
    craft(ctx: WeightAttackContext): Float32Array[] {
      if (ctx.count <= 0) return [];
      let center: Float64Array;
      if (mode === 'mean-plus-noise') {
        center = coordinateMean(statisticsPool(ctx, 'gaussian'));
      } else {
        const dim = ctx.own.length > 0 ? checkSameLength(ctx.own, 'gaussian', 'own (honest malicious)') : ctx.global.length;
        center = new Float64Array(dim);
      }
      const result: Float32Array[] = [];
      for (let k = 0; k < ctx.count; k++) result.push(noisy(center, sigma, ctx.rng));
      return result;
    },
  };
}

function noisy(center: Float64Array, sigma: number, rng: Rng): Float32Array {
  const out = new Float32Array(center.length);
  const z = rng.fillNormals(new Float64Array(center.length));
  for (let j = 0; j < center.length; j++) out[j] = center[j] + sigma * z[j];
  return out;
}

export const gaussianDescriptor = defineAttack({
  kind: 'gaussian',
  targets: 'weights',
  params: z.strictObject({
    sigma: positive().default(GAUSSIAN_DEFAULTS.sigma),
    gaussianMode: choice(['noise', 'mean-plus-noise']).default(GAUSSIAN_DEFAULTS.mode),
  }),
  create: ({ sigma, gaussianMode }) => gaussianAttack({ sigma, mode: gaussianMode }),
});
