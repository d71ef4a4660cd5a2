/**
 * The contract of a client's local GRPO training (grpo-local.ts): its settings, the model it
 * trains, the models it compares with, and the statistics it returns.
 */
import type * as tf from '@tensorflow/tfjs';
import type { AugmentSettings } from './grpo-augment.js';
import type { ClassGuard } from './grpo-guard.js';

export type { AugmentSettings } from './grpo-augment.js';

/** 'step': sample from the current local model at every step; 'round': once per round from the received model. */
export type GrpoRollout = 'step' | 'round';

export interface GrpoSettings {
  /** G: labels sampled per input. */
  groupSize: number;
  /** T: sampling temperature (log-probs are taken at the same temperature). */
  temperature: number;
  /** Weight of the k3 penalty to the round's starting model. */
  klCoef: number;
  clip: { low: number; high: number; dual: number };
  rollout: GrpoRollout;
  /** Sample each of the G labels from its own random view of the input (off when absent or zero). */
  augment?: AugmentSettings;
  /** Groups whose majority share is below this get weight 0 (default 0: every group counts). */
  minAgreement?: number;
  /** Strength p of the class-balance guard (default 0: off; needs `GrpoAnchors.balance` or `classGuard`). */
  balanceGuard?: number;
  /** The guard's weights given from outside (e.g. by the server); replaces the per-client counts. */
  classGuard?: ClassGuard;
}

/** Models the local training compares with, other than the one it trains. */
export interface GrpoAnchors {
  /** The KL reference; default: the local model as received. */
  reference?: GrpoModel;
  /** The class-balance guard's reference histogram comes from this model (e.g. the base model). */
  balance?: GrpoModel;
}

export interface GrpoLocalOptions {
  localEpochs: number;
  batchSize: number;
  /** Learning rate for this round. */
  lr: number;
  momentum: number;
  weightDecay: number;
  grpo: GrpoSettings;
}

/** A trainable classifier as the GRPO loop sees it. */
export interface GrpoModel {
  /** Fresh tensors of the current local parameters (the loop disposes them). */
  tensors(): tf.Tensor[];
  /** Logits of a batch under the given parameter tensors (differentiable). */
  logits(x: tf.Tensor4D, params: readonly tf.Tensor[]): tf.Tensor2D;
  /** One optimizer step with the gradients of the loss with respect to `tensors()`. */
  apply(grads: Float32Array[], lr: number): void;
}

export interface GrpoLocalStats {
  steps: number;
  samples: number;
  /** Mean GRPO loss over the steps. */
  meanLoss: number;
  /** Mean k3 over the steps (0 on the first step: the local model is the reference). */
  klLoss: number;
  /** Mean fraction of tokens where the PPO clip (high or dual) was active. */
  clipFraction: number;
  /** Mean reward over all sampled labels (= mean agreement with the majority). */
  meanReward: number;
  /** Fraction of inputs whose G samples all agreed (advantage 0: no learning signal). */
  unanimous: number;
  /** Mean entropy (nats) of the local model's softmax(z) on the trained inputs (their views). */
  entropy: number;
  /** Mean weight of the tokens with a nonzero advantage (1 without minAgreement and balanceGuard). */
  guardWeight: number;
}
