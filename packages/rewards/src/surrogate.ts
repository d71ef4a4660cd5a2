/**
 * PPO clipped surrogate objective (before negation) with asymmetric clip (DAPO, arXiv 2503.14476)
 * and dual clip (Ye et al., arXiv 1912.09729), as in EasyR1's compute_policy_loss, which MM-UPT
 * (arXiv 2505.22453) trains with (low 0.2, high 0.3, dual 3):
 *   s(r, A) = min(r A, clip(r, 1 - low, 1 + high) A)         if A >= 0
 *   s(r, A) = max(min(r A, clip(r, 1 - low, 1 + high) A), dual A)   if A < 0
 * The reference writes the loss L = -s: max(-rA, -clip(r)A), and for A < 0 also min(., -dual A).
 * So for a negative advantage the objective is bounded below by dual * A: however large the
 * ratio, a token is pushed down with at most dual times its advantage.
 * The ratio is r = pi / pi_old = exp(clamp(logp - logp_old, -20, 20)) (the reference's clamp).
 */
import { checkNumber, RewardsError } from './errors.js';

export interface ClipOptions {
  /** Lower clip: the ratio is clipped below at 1 - low. Default 0.2. */
  low?: number;
  /** Upper clip: the ratio is clipped above at 1 + high. Default 0.3. */
  high?: number;
  /** Dual clip constant (> 1) for negative advantages; Infinity disables it. Default 3. */
  dual?: number;
}

export interface ResolvedClip {
  low: number;
  high: number;
  dual: number;
}

export const DEFAULT_CLIP: Readonly<ResolvedClip> = Object.freeze({ low: 0.2, high: 0.3, dual: 3 });

export const LOG_RATIO_CLAMP = 20;

export function resolveClip(options: ClipOptions = {}): ResolvedClip {
  const low = options.low ?? DEFAULT_CLIP.low;
  const high = options.high ?? DEFAULT_CLIP.high;
  const dual = options.dual ?? DEFAULT_CLIP.dual;
  checkNumber(low, 'low', (v) => v >= 0 && v < 1, 'in [0, 1)');
  checkNumber(high, 'high', (v) => v >= 0 && Number.isFinite(v), 'a finite number >= 0');
  checkNumber(dual, 'dual', (v) => v > 1, 'greater than 1 (Infinity disables the dual clip)');
  return { low, high, dual };
}

/** r = exp(clamp(logp - oldLogp, -20, 20)). */
export function importanceRatio(logProb: number, oldLogProb: number): number {
  return Math.exp(Math.min(Math.max(logProb - oldLogProb, -LOG_RATIO_CLAMP), LOG_RATIO_CLAMP));
}

/** s(r, A) for already-validated clip constants. */
export function surrogate(ratio: number, advantage: number, clip: ResolvedClip): number {
  const clipped = Math.min(Math.max(ratio, 1 - clip.low), 1 + clip.high);
  const s = Math.min(ratio * advantage, clipped * advantage);
  return advantage < 0 ? Math.max(s, clip.dual * advantage) : s;
}

export function clippedSurrogate(ratio: number, advantage: number, options?: ClipOptions): number;
export function clippedSurrogate(ratio: readonly number[], advantage: number | readonly number[], options?: ClipOptions): number[];
export function clippedSurrogate(
  ratio: number | readonly number[],
  advantage: number | readonly number[],
  options: ClipOptions = {},
): number | number[] {
  const clip = resolveClip(options);
  if (typeof ratio === 'number') {
    if (typeof advantage !== 'number') {
      throw new RewardsError('clippedSurrogate: a scalar ratio needs a scalar advantage', 'advantage');
    }
    return surrogate(ratio, advantage, clip);
  }
  if (typeof advantage !== 'number' && advantage.length !== ratio.length) {
    throw new RewardsError(`clippedSurrogate: ${ratio.length} ratios but ${advantage.length} advantages`, 'advantage');
  }
  return ratio.map((r, i) => surrogate(r, typeof advantage === 'number' ? advantage : advantage[i], clip));
}
