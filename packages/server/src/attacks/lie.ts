/**
 * "A Little Is Enough": a shift of the honest mean by z standard deviations.
 *
 * Formula:    every malicious client sends mean(pool) - z * std(pool) (coordinate-wise; std
 *             unbiased, 0 for a single update). Unless given, with n = clientsInRound workers of
 *             which m = count are malicious, s = floor(n/2 + 1) - m benign workers are needed for
 *             a majority and z = Phi^-1((n - s) / n) (Phi the standard normal CDF), so that the
 *             malicious value is closer to the mean than that many benign values in expectation;
 *             when s <= 0 (a malicious majority: no finite z), s = 1; z is never below 0.
 * Parameters: z (default: the formula above).
 * Input:      the pool: this round's benign updates when the attacker sees them, else the
 *             attackers' own honest updates (the paper's non-omniscient attacker).
 * Returns:    ctx.count copies. Deterministic.
 * Reference:  Baruch, Baruch & Goldberg, "A Little Is Enough: Circumventing Defenses For
 *             Distributed Learning", NeurIPS 2019.
 * Departure:  the paper shifts by +z * std on gradients; on weight deltas (the model moves along
 *             +delta) the shift against the benign direction is -z * std.
 */
import { z } from 'zod';
import { defineAttack } from './descriptor.js';
import type { WeightAttack, WeightAttackContext } from './types.js';
import { checkNumber } from './input-checks.js';
import { coordinateMeanStd } from './coordinate-stats.js';
import { inverseNormalCdf } from './inverse-normal-cdf.js';
import { replicate } from './replicate.js';
import { statisticsPool } from './statistics-pool.js';

export interface LieOptions {
  /** Fixed z; absent: the paper's formula from n = clientsInRound and m = count. */
  z?: number;
}

/** The paper's z_max for n workers of which m are malicious. */
export function lieZ(n: number, m: number): number {
  let s = Math.floor(n / 2 + 1) - m;
  if (s < 1) s = 1;
  // m >= 1 gives s <= n/2, so (n - s)/n >= 1/2 and z >= 0; the clamp covers n = 1.
  return inverseNormalCdf(Math.max(0.5, (n - s) / n));
}

export function lieAttack(options: LieOptions = {}): WeightAttack {
  const fixedZ = options.z === undefined ? undefined : checkNumber(options.z, 'attack.z');
  return {
    name: 'lie',
    targets: 'weights',
    craft(ctx: WeightAttackContext): Float32Array[] {
      if (ctx.count <= 0) return [];
      const { mean, std } = coordinateMeanStd(statisticsPool(ctx, 'lie'));
      const z = fixedZ ?? lieZ(Math.max(ctx.clientsInRound, ctx.count), ctx.count);
      const out = new Float32Array(mean.length);
      for (let j = 0; j < mean.length; j++) out[j] = mean[j] - z * std[j];
      return replicate(out, ctx.count);
    },
  };
}

export const lieDescriptor = defineAttack({
  kind: 'lie',
  targets: 'weights',
  /** z: fixed z (default: the paper's z from the round's n and malicious count). */
  params: z.strictObject({ z: z.number().optional() }),
  create: (options) => lieAttack(options),
});
