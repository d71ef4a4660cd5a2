/**
 * Naive scaling attack: every malicious client sends a multiple of the current global model.
 *
 * Formula:    mode 'reference' (default): delta = scale * global. The reference adds the aggregate
 *             of the updates to the global model, so this is exactly its malicious update (the
 *             client claims the local model (1 + scale) * global); under FedAvg with k malicious
 *             of n clients the new global is global * (1 + k * scale / n) + (n - k) / n * (mean
 *             benign delta).
 *             mode 'model': the client claims the local model scale * global, i.e.
 *             delta = (scale - 1) * global (for scale = 1e5 the two differ by one part in 1e5).
 * Parameters: scale (default 1e5); mode.
 * Input:      only the global model (no benign updates, no knowledge of the rule).
 * Returns:    ctx.count copies. Deterministic.
 * Reference:  the FRL reference code's FedAvg experiments (SPIN-UMass/FRL, FL_train.py).
 */
import { z } from 'zod';
import { choice } from '../plugins/param-types.js';
import { defineAttack } from './descriptor.js';
import type { WeightAttack, WeightAttackContext } from './types.js';
import { checkChoice, checkNumber } from './input-checks.js';
import { replicate } from './replicate.js';

export type ScalingMode = 'reference' | 'model';

export interface ScalingOptions {
  /** Factor applied to the global parameters (default 1e5). */
  scale?: number;
  /** How the scaled model is expressed as a delta (default 'reference'). */
  mode?: ScalingMode;
}

export const SCALING_DEFAULTS = { scale: 1e5, mode: 'reference' as ScalingMode };

export function scalingAttack(options: ScalingOptions = {}): WeightAttack {
  const scale = checkNumber(options.scale ?? SCALING_DEFAULTS.scale, 'attack.scale');
  const mode = checkChoice(options.mode ?? SCALING_DEFAULTS.mode, ['reference', 'model'], 'attack.scalingMode');
  const factor = mode === 'reference' ? scale : scale - 1;
  return {
    name: 'scaling',
    targets: 'weights',
    craft(ctx: WeightAttackContext): Float32Array[] {
      if (ctx.count <= 0) return [];
      const g = ctx.global;
      const out = new Float32Array(g.length);
      for (let j = 0; j < g.length; j++) out[j] = factor * g[j];
      return replicate(out, ctx.count);
    },
  };
}

export const scalingDescriptor = defineAttack({
  kind: 'scaling',
  targets: 'weights',
  params: z.strictObject({
    scale: z.number().default(SCALING_DEFAULTS.scale),
    scalingMode: choice(['reference', 'model']).default(SCALING_DEFAULTS.mode),
  }),
  create: ({ scale, scalingMode }) => scalingAttack({ scale, mode: scalingMode }),
});
