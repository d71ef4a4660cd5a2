/**
 * Sign-flipping attack: the negated, optionally scaled honest direction.
 *
 * Formula:    source 'own' (default): malicious client k sends -scale * own[k mod |own|], its own
 *             honest update negated; source 'mean': every malicious client sends
 *             -scale * mean(pool).
 * Parameters: scale (default 1); source.
 * Input:      'own' needs nothing beyond the client's own training; 'mean' uses the pool (the
 *             benign updates when the attacker sees them, else the attackers' own).
 * Returns:    ctx.count updates. Deterministic.
 * Reference:  Allen-Zhu et al., ICLR 2021; Li et al., "RSA", AAAI 2019; ByzFL's SignFlipping.
 */
import { z } from 'zod';
import { choice } from '../plugins/param-types.js';
import { defineAttack } from './descriptor.js';
import type { WeightAttack, WeightAttackContext } from './types.js';
import { checkChoice, checkNumber, checkSameLength } from './input-checks.js';
import { coordinateMean } from './coordinate-stats.js';
import { replicate } from './replicate.js';
import { statisticsPool } from './statistics-pool.js';

export type SignFlipSource = 'own' | 'mean';

export interface SignFlipOptions {
  /** Multiplier of the flipped update (default 1). */
  scale?: number;
  /** Flip each client's own update, or the pool mean (default 'own'). */
  source?: SignFlipSource;
}

export const SIGN_FLIP_DEFAULTS = { scale: 1, source: 'own' as SignFlipSource };

export function signFlipAttack(options: SignFlipOptions = {}): WeightAttack {
  const scale = checkNumber(options.scale ?? SIGN_FLIP_DEFAULTS.scale, 'attack.scale');
  const source = checkChoice(options.source ?? SIGN_FLIP_DEFAULTS.source, ['own', 'mean'], 'attack.source');
  return {
    name: 'sign-flip',
    targets: 'weights',
    craft(ctx: WeightAttackContext): Float32Array[] {
      if (ctx.count <= 0) return [];
      if (source === 'mean') {
        const mean = coordinateMean(statisticsPool(ctx, 'sign-flip'));
        const out = new Float32Array(mean.length);
        for (let j = 0; j < mean.length; j++) out[j] = -scale * mean[j];
        return replicate(out, ctx.count);
      }
      checkSameLength(ctx.own, 'sign-flip', 'own (honest malicious)');
      const result: Float32Array[] = [];
      for (let k = 0; k < ctx.count; k++) result.push(negated(ctx.own[k % ctx.own.length], scale));
      return result;
    },
  };
}

function negated(x: Float32Array, scale: number): Float32Array {
  const out = new Float32Array(x.length);
  for (let j = 0; j < x.length; j++) out[j] = -scale * x[j];
  return out;
}

export const signFlipDescriptor = defineAttack({
  kind: 'sign-flip',
  targets: 'weights',
  params: z.strictObject({
    scale: z.number().default(SIGN_FLIP_DEFAULTS.scale),
    source: choice(['own', 'mean']).default(SIGN_FLIP_DEFAULTS.source),
  }),
  create: (options) => signFlipAttack(options),
});
