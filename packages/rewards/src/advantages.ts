/**
 * Group-relative advantage of GRPO (DeepSeekMath, arXiv 2402.03300; as used by MM-UPT,
 * arXiv 2505.22453, through EasyR1's compute_grpo_outcome_advantage):
 *   A_i = (r_i - mean(r)) / (std(r) + eps),  std unbiased: sqrt(sum (r_i - mean)^2 / (G - 1)).
 * A group that agrees fully has A = 0 everywhere; a group of one has A = 0 (the reference
 * refuses G = 1; torch's std would be NaN).
 */
import { checkNumber, RewardsError } from './errors.js';

export interface AdvantageOptions {
  /** Added to the std before dividing. Default 1e-6. */
  eps?: number;
}

export const DEFAULT_ADVANTAGE_EPS = 1e-6;

export function groupAdvantages(rewards: readonly number[], options: AdvantageOptions = {}): number[] {
  const eps = options.eps ?? DEFAULT_ADVANTAGE_EPS;
  checkNumber(eps, 'eps', (v) => v >= 0 && Number.isFinite(v), 'a finite number >= 0');
  const g = rewards.length;
  for (let i = 0; i < g; i++) {
    if (!Number.isFinite(rewards[i])) {
      throw new RewardsError(`rewards[${i}] must be a finite number, got ${String(rewards[i])}`, 'rewards');
    }
  }
  if (g <= 1) return new Array<number>(g).fill(0);
  let mean = 0;
  for (const r of rewards) mean += r;
  mean /= g;
  let ss = 0;
  for (const r of rewards) ss += (r - mean) * (r - mean);
  const std = Math.sqrt(ss / (g - 1));
  return rewards.map((r) => (r - mean) / (std + eps));
}
