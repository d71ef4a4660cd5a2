/**
 * Inner-product manipulation: a small negative multiple of the honest mean.
 *
 * Formula:    every malicious client sends -epsilon * mean(pool). A small epsilon keeps the update
 *             close to the benign ones, so robust rules keep it, while the inner product of the
 *             aggregate with the true mean shrinks (it turns negative under FedAvg when
 *             k * epsilon > n - k, k malicious of n).
 * Parameters: epsilon (default 0.1, the paper's setting against Krum).
 * Input:      the pool: this round's benign updates when the attacker sees them, else the
 *             attackers' own honest updates.
 * Returns:    ctx.count copies. Deterministic.
 * Reference:  Xie, Koyejo & Gupta, "Fall of Empires: Breaking Byzantine-tolerant SGD by Inner
 *             Product Manipulation", UAI 2019/2020.
 */
import { z } from 'zod';
import { positive } from '../plugins/param-types.js';
import { defineAttack } from './descriptor.js';
import type { WeightAttack, WeightAttackContext } from './types.js';
import { checkNumber } from './input-checks.js';
import { coordinateMean } from './coordinate-stats.js';
import { replicate } from './replicate.js';
import { statisticsPool } from './statistics-pool.js';

export interface IpmOptions {
  /** The factor epsilon (default 0.1). */
  epsilon?: number;
}

export const IPM_DEFAULTS = { epsilon: 0.1 };

export function ipmAttack(options: IpmOptions = {}): WeightAttack {
  const epsilon = checkNumber(options.epsilon ?? IPM_DEFAULTS.epsilon, 'attack.epsilon', { exclusiveMin: 0 });
  return {
    name: 'ipm',
    targets: 'weights',
    craft(ctx: WeightAttackContext): Float32Array[] {
      if (ctx.count <= 0) return [];
      const mean = coordinateMean(statisticsPool(ctx, 'ipm'));
      const out = new Float32Array(mean.length);
      for (let j = 0; j < mean.length; j++) out[j] = -epsilon * mean[j];
      return replicate(out, ctx.count);
    },
  };
}

export const ipmDescriptor = defineAttack({
  kind: 'ipm',
  targets: 'weights',
  params: z.strictObject({ epsilon: positive().default(IPM_DEFAULTS.epsilon) }),
  create: (options) => ipmAttack(options),
});
