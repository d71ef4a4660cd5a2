/**
 * Majority-vote self-reward for a batch of sampled class labels (MM-UPT, Wei et al., arXiv
 * 2505.22453, applied to a classifier): per input b with G sampled labels y_b1..y_bG,
 *   m_b = the most common label (ties: the label sampled first),
 *   r_bg = [y_bg = m_b],  A_bg = (r_bg - mean_g r_bg) / (std_g r_bg + 1e-6)  (unbiased std),
 * and the label-free statistics a round reports: agreement_b = |{g : y_bg = m_b}| / G (equal to
 * the mean reward of the group) and whether the group is unanimous (all advantages 0: no signal).
 * Also plain-array helpers over logits: log-softmax rows and the predictive entropy.
 */
import { selfReward } from '@fedrank/rewards';

export interface BatchSelfReward {
  /** Majority (pseudo-)label per input. */
  majority: Int32Array;
  /** [B][G] rewards, 1 for agreeing with the majority. */
  rewards: number[][];
  /** [B][G] group advantages. */
  advantages: number[][];
  /** Per input: the fraction of the G samples agreeing with the majority. */
  agreement: Float64Array;
}

export function batchSelfReward(labels: readonly (readonly number[])[]): BatchSelfReward {
  const b = labels.length;
  const majority = new Int32Array(b);
  const agreement = new Float64Array(b);
  const rewards: number[][] = [];
  const advantages: number[][] = [];
  for (let i = 0; i < b; i++) {
    const row = labels[i];
    const r = selfReward(row);
    majority[i] = r.vote.index >= 0 ? row[r.vote.index] : -1;
    agreement[i] = row.length > 0 ? r.vote.count / row.length : 0;
    rewards.push(r.rewards);
    advantages.push(r.advantages);
  }
  return { majority, rewards, advantages, agreement };
}

/** log softmax(z / T) of each row of a [rows, classes] logit matrix, in float64. */
export function logSoftmaxRows(logits: ArrayLike<number>, classes: number, temperature = 1): Float64Array {
  const rows = Math.floor(logits.length / classes);
  const out = new Float64Array(rows * classes);
  for (let i = 0; i < rows; i++) {
    let max = -Infinity;
    for (let j = 0; j < classes; j++) max = Math.max(max, logits[i * classes + j] / temperature);
    let sum = 0;
    for (let j = 0; j < classes; j++) sum += Math.exp(logits[i * classes + j] / temperature - max);
    const lse = max + Math.log(sum);
    for (let j = 0; j < classes; j++) out[i * classes + j] = logits[i * classes + j] / temperature - lse;
  }
  return out;
}

/** Entropy (nats) of softmax(z) for each row: H = -sum_c p_c log p_c. */
export function rowEntropies(logits: ArrayLike<number>, classes: number): Float64Array {
  const logp = logSoftmaxRows(logits, classes);
  const rows = logp.length / classes;
  const out = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    let h = 0;
    for (let j = 0; j < classes; j++) {
      const lp = logp[i * classes + j];
      if (lp > -Infinity) h -= Math.exp(lp) * lp;
    }
    out[i] = h;
  }
  return out;
}

/** Index of the largest entry of each row (first on ties). */
export function rowArgmax(logits: ArrayLike<number>, classes: number): Int32Array {
  const rows = Math.floor(logits.length / classes);
  const out = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    let best = 0;
    for (let j = 1; j < classes; j++) if (logits[i * classes + j] > logits[i * classes + best]) best = j;
    out[i] = best;
  }
  return out;
}
