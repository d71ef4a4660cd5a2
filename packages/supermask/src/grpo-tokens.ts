/**
 * The token layout of the GRPO loss for a classifier: one token per sampled label. Without views
 * the loss sees [B, G] (row b: input b's G labels, all scored on input b's logits); with views
 * [B * G, 1] (row b * G + g: the label sampled from view g of input b, scored on that view).
 */
import type { RolloutBatch } from './grpo-rollout.js';

/** What the GRPO loss takes for one batch, in the token layout (GrpoBatch of @fedrank/rewards/tf). */
export interface GrpoTokens {
  labels: number[][];
  advantages: number[][];
  /** The sampling policy's log-probs ('round' rollout); absent: on-policy. */
  oldLogProbs?: number[][];
  /** The KL reference's log-probs; absent: no KL term. */
  refLogProbs?: number[][];
}

/** Where the KL reference's log-probs of a batch come from. */
export type ReferenceRows =
  /** log softmax rows of the batch's own rows (views: row b * G + g). */
  | { rows: 'batch'; logp: Float64Array }
  /** log softmax rows of all local inputs, read at the batch's local positions. */
  | { rows: 'positions'; logp: Float64Array; positions: ArrayLike<number> };

/** The tokens of a rollout batch; `reference` absent when the KL term is off. */
export function grpoTokens(batch: RolloutBatch, views: boolean, classes: number, reference?: ReferenceRows): GrpoTokens {
  const labels = views ? ungroup(batch.groups) : batch.groups;
  const advantages = views ? ungroup(batch.advantages) : batch.advantages;
  const rows = Uint32Array.from({ length: labels.length }, (_, i) => i);
  const refLogProbs = reference
    ? reference.rows === 'batch'
      ? labelLogProbRows(reference.logp, classes, rows, labels)
      : labelLogProbRows(reference.logp, classes, reference.positions, labels)
    : undefined;
  return { labels, advantages, oldLogProbs: batch.oldLogProbs, refLogProbs };
}

/** [B * G][1] -> [B][G]. */
export function regroup(flat: readonly (readonly number[])[], g: number): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < flat.length; i += g) out.push(flat.slice(i, i + g).map((r) => r[0]));
  return out;
}

/** [B][G] -> [B * G][1]. */
export function ungroup(rows: readonly (readonly number[])[]): number[][] {
  return rows.flatMap((r) => r.map((v) => [v]));
}

/** out[i][g] = logp[rows[i] * classes + labels[i][g]]: the log-probs of each row's labels. */
export function labelLogProbRows(
  logp: Float64Array,
  classes: number,
  rows: ArrayLike<number>,
  labels: readonly (readonly number[])[],
): number[][] {
  return labels.map((ys, i) => ys.map((y) => logp[rows[i] * classes + y]));
}
