/**
 * The GRPO loss of MM-UPT (arXiv 2505.22453), as EasyR1's actor computes it:
 *   r_it   = exp(clamp(logp_it - logp_old_it, -20, 20))
 *   L_pg   = agg_it( -s(r_it, A_it) )               (s: the clipped surrogate, see surrogate.ts)
 *   L_kl   = agg_it( k3(logp_it, logp_ref_it) )      (see kl.ts)
 *   loss   = L_pg + klCoef * L_kl,   objective = -loss
 * with agg the token-mean (default) or sequence-mean over the unmasked tokens.
 * A per-sequence advantage is broadcast to all of that sequence's tokens.
 */
import { aggregate, checkMaskShape, tokenMean, type Aggregation, type Ragged, type RaggedMask } from './aggregate.js';
import { checkNumber, RewardsError } from './errors.js';
import { klK3 } from './kl.js';
import { importanceRatio, resolveClip, surrogate, type ClipOptions } from './surrogate.js';

export interface GrpoInput {
  /** Log-probabilities of the sampled tokens under the current policy, per sequence. */
  logProbs: Ragged;
  /** Log-probabilities under the policy that sampled them; default: logProbs (ratio 1). */
  oldLogProbs?: Ragged;
  /** Log-probabilities under the frozen reference policy; without them there is no KL term. */
  refLogProbs?: Ragged;
  /** One advantage per sequence, or one per token. */
  advantages: readonly number[] | Ragged;
  /** Token weights (0/1); default all tokens count. */
  mask?: RaggedMask;
}

export interface GrpoOptions extends ClipOptions {
  /** Weight of the k3 KL penalty. Default 0.01. */
  klCoef?: number;
  /** 'token' (default, MM-UPT) or 'seq'. */
  aggregation?: Aggregation;
}

export interface GrpoTerms {
  /** What to minimize: policyLoss + klCoef * klLoss. */
  loss: number;
  /** -loss. */
  objective: number;
  /** Aggregated negated clipped surrogate. */
  policyLoss: number;
  /** Aggregated k3 (0 without reference log-probs). */
  klLoss: number;
  /** Token-mean fraction where the upper/lower PPO clip bound was the active one. */
  clipFracHigh: number;
  /** Token-mean fraction of negative-advantage tokens where the dual clip was active. */
  clipFracLow: number;
}

export const DEFAULT_KL_COEF = 0.01;

function sameShape(a: Ragged, b: Ragged, field: string): void {
  checkMaskShape(a, b, field);
}

function advantageAt(advantages: readonly number[] | Ragged, i: number, t: number): number {
  const a = advantages[i];
  return typeof a === 'number' ? a : a[t];
}

export function grpoObjective(input: GrpoInput, options: GrpoOptions = {}): GrpoTerms {
  const clip = resolveClip(options);
  const klCoef = options.klCoef ?? DEFAULT_KL_COEF;
  checkNumber(klCoef, 'klCoef', (v) => v >= 0 && Number.isFinite(v), 'a finite number >= 0');
  const mode = options.aggregation ?? 'token';
  const { logProbs, mask } = input;
  const old = input.oldLogProbs ?? logProbs;
  sameShape(logProbs, old, 'oldLogProbs');
  if (input.refLogProbs !== undefined) sameShape(logProbs, input.refLogProbs, 'refLogProbs');
  checkMaskShape(logProbs, mask);
  if (input.advantages.length !== logProbs.length) {
    throw new RewardsError(`advantages has ${input.advantages.length} rows, logProbs ${logProbs.length}`, 'advantages');
  }
  input.advantages.forEach((a, i) => {
    if (typeof a !== 'number' && a.length !== logProbs[i].length) {
      throw new RewardsError(`advantages[${i}] has ${a.length} entries, logProbs ${logProbs[i].length}`, 'advantages');
    }
  });

  const pg: number[][] = [];
  const high: number[][] = [];
  const low: number[][] = [];
  for (let i = 0; i < logProbs.length; i++) {
    const pgRow: number[] = [];
    const highRow: number[] = [];
    const lowRow: number[] = [];
    for (let t = 0; t < logProbs[i].length; t++) {
      const a = advantageAt(input.advantages, i, t);
      const r = importanceRatio(logProbs[i][t], old[i][t]);
      const clipped = Math.min(Math.max(r, 1 - clip.low), 1 + clip.high);
      pgRow.push(-surrogate(r, a, clip));
      // The reference's metrics: the PPO clip bites when -rA < -clip(r)A; the dual clip when
      // A < 0 and the PPO-clipped loss exceeds -dual*A.
      highRow.push(-r * a < -clipped * a ? 1 : 0);
      lowRow.push(a < 0 && Math.max(-r * a, -clipped * a) > -clip.dual * a ? 1 : 0);
    }
    pg.push(pgRow);
    high.push(highRow);
    low.push(lowRow);
  }
  const policyLoss = aggregate(pg, mode, mask);
  const ref = input.refLogProbs;
  const klLoss =
    ref === undefined
      ? 0
      : aggregate(
          logProbs.map((row, i) => klK3(row, ref[i])),
          mode,
          mask,
        );
  const loss = policyLoss + klCoef * klLoss;
  return {
    loss,
    objective: -loss,
    policyLoss,
    klLoss,
    clipFracHigh: tokenMean(high, mask),
    clipFracLow: tokenMean(low, mask),
  };
}
