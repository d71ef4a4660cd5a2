/**
 * The k3 estimator of KL(pi || pi_ref) (Schulman, "Approximating KL divergence", 2020), the
 * "low_var_kl" penalty of verl/EasyR1 that MM-UPT (arXiv 2505.22453) uses with coefficient 0.01:
 *   d = clamp(ref - logp, -20, 20),  k3 = clamp(exp(d) - d - 1, -10, 10).
 * k3 >= 0, and equals 0 where the two log-probs agree. The inner clamp keeps a zero-probability
 * token (logp = -Infinity) finite (10) instead of NaN.
 */
import { RewardsError } from './errors.js';

export const K3_LOG_RATIO_CLAMP = 20;
export const K3_CLAMP = 10;

function k3(logProb: number, refLogProb: number): number {
  const d = Math.min(Math.max(refLogProb - logProb, -K3_LOG_RATIO_CLAMP), K3_LOG_RATIO_CLAMP);
  const k = Math.exp(d) - d - 1;
  return Math.min(Math.max(k, -K3_CLAMP), K3_CLAMP);
}

export function klK3(logProb: number, refLogProb: number): number;
export function klK3(logProb: readonly number[], refLogProb: readonly number[]): number[];
export function klK3(logProb: number | readonly number[], refLogProb: number | readonly number[]): number | number[] {
  if (typeof logProb === 'number' && typeof refLogProb === 'number') return k3(logProb, refLogProb);
  if (typeof logProb === 'number' || typeof refLogProb === 'number') {
    throw new RewardsError('klK3: logProb and refLogProb must both be numbers or both arrays', 'refLogProb');
  }
  if (logProb.length !== refLogProb.length) {
    throw new RewardsError(`klK3: ${logProb.length} log-probs but ${refLogProb.length} reference log-probs`, 'refLogProb');
  }
  return logProb.map((lp, i) => k3(lp, refLogProb[i]));
}
