/**
 * Sign-flipping attack (Allen-Zhu et al., ICLR 2021; Li et al. 2019 "RSA"; ByzFL's SignFlipping):
 * the malicious update is the negated, optionally scaled honest direction.
 *
 *   source 'own' (default): malicious client k sends -scale * own[k mod |own|], its own honest
 *     update negated (needs no knowledge beyond its own training);
 *   source 'mean': every malicious client sends -scale * mean(pool), pool = the benign updates
 *     when the attacker sees them, else the attackers' own honest updates.
 *
 * Default scale = 1. Deterministic.
 */
import { z } from 'zod';
import { choice } from '../plugins/param-types.js';
import { defineAttack } from './descriptor.js';
import type { WeightAttack, WeightAttackContext } from './types.js';
import { checkChoice, checkNumber, checkSameLength, coordinateMean, replicate, statisticsPool } from './weight-stats.js';

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
