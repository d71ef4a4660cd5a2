/**
 * The updates a weight attack takes its statistics from: this round's benign updates when the
 * threat model lets the attacker see them, otherwise the attackers' own honest updates (as the
 * reference FRL code does for its AGR-tailored attack: it never sees benign updates).
 */
import { checkSameLength } from './input-checks.js';
import type { WeightAttackContext } from './types.js';

/** The statistics pool of `ctx`, checked non-empty and of one length (errors name `attack`). */
export function statisticsPool(ctx: WeightAttackContext, attack: string): readonly Float32Array[] {
  const pool = ctx.benign !== undefined && ctx.benign.length > 0 ? ctx.benign : ctx.own;
  checkSameLength(pool, attack, pool === ctx.own ? 'own (honest malicious)' : 'benign');
  return pool;
}
