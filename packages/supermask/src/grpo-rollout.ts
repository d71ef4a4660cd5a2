/**
 * GRPO rollouts of a classifier: per input, G labels sampled from softmax(z / T) (seeded), the
 * majority-vote rewards and group advantages (grpo-batch.ts), weighted by the confidence
 * threshold and the class-balance guard (grpo-guard.ts).
 * - 'step' rollout: sampled from the current local model's logits of the batch (on-policy), or,
 *   with augmented views, one label from each of the input's G views;
 * - 'round' rollout: sampled once per round from the received model on every local input, with
 *   the received model's log-probs of the labels as the PPO denominator; a step takes its rows.
 */
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '@fedrank/random';
import { sampleLabels } from '@fedrank/rewards/tf';
import { batchSelfReward } from './grpo-batch.js';
import { weightGroup, type ClassGuard } from './grpo-guard.js';
import { labelLogProbRows, regroup } from './grpo-tokens.js';

/** The groups of one batch: per input b, its G labels and what the loss and the statistics need of them. */
export interface RolloutBatch {
  /** [B][G] sampled labels. */
  groups: number[][];
  /** [B][G] advantages after the token weights. */
  advantages: number[][];
  /** Per input: the fraction of its G labels agreeing with the majority. */
  agreement: ArrayLike<number>;
  /** [B][G] log-probs of the labels under the sampling policy ('round' rollout only). */
  oldLogProbs?: number[][];
  /** Summed weight and number of the tokens with a nonzero advantage. */
  weight: number;
  tokens: number;
}

/** How groups are sampled and weighted. */
export interface RolloutSampling {
  groupSize: number;
  temperature: number;
  minAgreement: number;
  guard?: ClassGuard;
  rng: Rng;
}

/** A 'round' rollout: the groups of every local input (position p), sampled once from the received model. */
export interface RoundRollout {
  labels: number[][];
  advantages: number[][];
  agreement: Float64Array;
  /** Per input: summed weight and number of its tokens with a nonzero advantage. */
  weight: Float64Array;
  tokens: Float64Array;
  oldLogProbs: number[][];
}

/** Samples the 'round' rollout from the received model's logits [n, classes] and their log softmax(z / T) rows. */
export function sampleRoundRollout(
  receivedLogits: Float32Array,
  receivedLogp: Float64Array,
  classes: number,
  s: RolloutSampling,
): RoundRollout {
  const n = receivedLogits.length / classes;
  const z = tf.tensor2d(receivedLogits, [n, classes]);
  const labels = sampleLabels(z, s.groupSize, s.temperature, s.rng);
  z.dispose();
  const sr = batchSelfReward(labels);
  const all = Uint32Array.from({ length: n }, (_, i) => i);
  const wg = sr.advantages.map((a, i) => weightGroup(labels[i], a, sr.agreement[i], s.minAgreement, s.guard));
  return {
    labels,
    advantages: wg.map((w) => w.advantages),
    agreement: sr.agreement,
    weight: Float64Array.from(wg, (w) => w.weight),
    tokens: Float64Array.from(wg, (w) => w.tokens),
    oldLogProbs: labelLogProbRows(receivedLogp, classes, all, labels),
  };
}

/** The rows of a 'round' rollout at the local positions `pos`. */
export function roundRolloutBatch(fixed: RoundRollout, pos: ArrayLike<number>): RolloutBatch {
  let weight = 0;
  let tokens = 0;
  for (let i = 0; i < pos.length; i++) {
    weight += fixed.weight[pos[i]];
    tokens += fixed.tokens[pos[i]];
  }
  return {
    groups: Array.from(pos, (p) => fixed.labels[p]),
    advantages: Array.from(pos, (p) => fixed.advantages[p]),
    agreement: Array.from(pos, (p) => fixed.agreement[p]),
    oldLogProbs: Array.from(pos, (p) => fixed.oldLogProbs[p]),
    weight,
    tokens,
  };
}

/**
 * A 'step' rollout from the current logits of a batch: [B, classes] (G labels per row), or with
 * views [B * G, classes] (one label per view, row b * G + g).
 */
export function sampleStepRollout(logits: tf.Tensor2D, views: boolean, s: RolloutSampling): RolloutBatch {
  const G = s.groupSize;
  const groups = views ? regroup(sampleLabels(logits, 1, s.temperature, s.rng), G) : sampleLabels(logits, G, s.temperature, s.rng);
  const sr = batchSelfReward(groups);
  const wg = sr.advantages.map((a, i) => weightGroup(groups[i], a, sr.agreement[i], s.minAgreement, s.guard));
  let weight = 0;
  let tokens = 0;
  for (const w of wg) {
    weight += w.weight;
    tokens += w.tokens;
  }
  return { groups, advantages: wg.map((w) => w.advantages), agreement: sr.agreement, weight, tokens };
}
