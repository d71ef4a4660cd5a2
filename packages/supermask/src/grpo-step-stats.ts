/**
 * The statistics of local GRPO training: per step, the GRPO loss terms evaluated in float64 over
 * plain arrays (grpoObjective of @fedrank/rewards: loss, k3, clip fractions) on the logits the
 * step's gradient was taken at, the rollout's rewards and the predictive entropy; over a round,
 * their means (per step for the loss terms, per input for the rest).
 */
import { grpoObjective } from '@fedrank/rewards';
import { logSoftmaxRows, rowEntropies } from './grpo-batch.js';
import type { GrpoLocalStats } from './grpo-local-types.js';
import type { RolloutBatch } from './grpo-rollout.js';
import { labelLogProbRows, type GrpoTokens } from './grpo-tokens.js';

export interface GrpoStepStats {
  loss: number;
  kl: number;
  /** Fraction of tokens where the PPO clip (high) or the dual clip (low) was active. */
  clip: number;
  /** Summed over the batch's inputs: agreement with the majority, unanimous groups, entropy. */
  reward: number;
  unanimous: number;
  entropy: number;
  /** Summed weight and number of the tokens with a nonzero advantage. */
  weight: number;
  tokens: number;
}

export interface StepLossSettings {
  temperature: number;
  klCoef: number;
  clip: { low: number; high: number; dual: number };
}

/** A step's statistics from its logits z (one row per token row) on a batch of `inputs` inputs. */
export function grpoStepStats(
  z: ArrayLike<number>,
  classes: number,
  inputs: number,
  batch: RolloutBatch,
  tokens: GrpoTokens,
  settings: StepLossSettings,
): GrpoStepStats {
  const { temperature: T, klCoef, clip } = settings;
  const rows = Uint32Array.from({ length: tokens.labels.length }, (_, i) => i);
  const cur = logSoftmaxRows(z, classes, T);
  const terms = grpoObjective(
    {
      logProbs: labelLogProbRows(cur, classes, rows, tokens.labels),
      oldLogProbs: tokens.oldLogProbs,
      refLogProbs: tokens.refLogProbs,
      advantages: tokens.advantages,
    },
    { ...clip, klCoef },
  );
  const h = rowEntropies(z, classes);
  let reward = 0;
  let unanimous = 0;
  let entropy = 0;
  for (let i = 0; i < inputs; i++) {
    reward += batch.agreement[i];
    unanimous += batch.agreement[i] === 1 ? 1 : 0;
  }
  for (let r = 0; r < h.length; r++) entropy += h[r];
  return {
    loss: terms.loss,
    kl: terms.klLoss,
    clip: terms.clipFracHigh + terms.clipFracLow,
    reward,
    unanimous,
    entropy: entropy / (h.length / inputs),
    weight: batch.weight,
    tokens: batch.tokens,
  };
}

/** Sums of the step statistics over a round. */
export class GrpoStatsTotals {
  private steps = 0;
  private inputs = 0;
  private loss = 0;
  private kl = 0;
  private clip = 0;
  private reward = 0;
  private unanimous = 0;
  private entropy = 0;
  private weight = 0;
  private tokens = 0;

  add(s: GrpoStepStats, inputs: number): void {
    this.steps++;
    this.loss += s.loss;
    this.kl += s.kl;
    this.clip += s.clip;
    this.inputs += inputs;
    this.reward += s.reward;
    this.unanimous += s.unanimous;
    this.entropy += s.entropy;
    this.weight += s.weight;
    this.tokens += s.tokens;
  }

  /** The round's means; NaN where there was no step (no input). */
  result(samples: number): GrpoLocalStats {
    const perStep = (s: number): number => (this.steps > 0 ? s / this.steps : NaN);
    const perInput = (s: number): number => (this.inputs > 0 ? s / this.inputs : NaN);
    return {
      steps: this.steps,
      samples,
      meanLoss: perStep(this.loss),
      klLoss: perStep(this.kl),
      clipFraction: perStep(this.clip),
      meanReward: perInput(this.reward),
      unanimous: perInput(this.unanimous),
      entropy: perInput(this.entropy),
      guardWeight: this.tokens > 0 ? this.weight / this.tokens : 1,
    };
  }
}
