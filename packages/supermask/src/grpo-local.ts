/**
 * A client's local GRPO training on unlabeled data (MM-UPT, arXiv 2505.22453, for a classifier;
 * REFERENCE.md section 2). Per step, on a batch of B inputs:
 *   1. sample G labels per input from softmax(z / T) (seeded),
 *   2. majority vote per input -> rewards r_bg = [y_bg = m_b] -> advantages A_bg,
 *   3. loss = tokenMean(-s(ratio_bg, A_bg)) + klCoef * tokenMean(k3(logp_bg, logp_ref_bg)),
 *      logp at temperature T, the reference = the model the client received this round,
 *   4. one SGD step (momentum, weight decay, lr cosine-annealed over the local epochs).
 * Rollouts: 'step' samples from the current local model at every step (on-policy: ratio 1, the
 * clip never binds); 'round' samples once per round from the received model and trains on those
 * samples for all local epochs (PPO: ratio = pi_local / pi_received, clipped low/high/dual).
 *
 * The model is abstract (`GrpoModel`): dense weights, or supermask scores trained through the
 * straight-through gradient. Labels of the local data are never read.
 */
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '@fedrank/random';
import { grpoObjective } from '@fedrank/rewards';
import { grpoLoss, sampleLabels } from '@fedrank/rewards/tf';
import { batchSelfReward, logSoftmaxRows, rowEntropies } from './grpo-batch.js';
import { gatherInputs, type UnlabeledSource } from './predict.js';
import { cosineEpochLr } from './sgd.js';

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
  /** Mean entropy (nats) of the local model's softmax(z) on the trained inputs. */
  entropy: number;
}

interface Rollout {
  labels: number[][];
  advantages: number[][];
  agreement: Float64Array;
  oldLogProbs: number[][];
}

function labelLogProbRows(logp: Float64Array, classes: number, rows: ArrayLike<number>, labels: readonly (readonly number[])[]): number[][] {
  return labels.map((ys, i) => ys.map((y) => logp[rows[i] * classes + y]));
}

/** Logits of the model's current parameters on the inputs `ids`, batch by batch. */
export function currentLogits(model: GrpoModel, data: UnlabeledSource, ids: ArrayLike<number>, batchSize = 256): Float32Array {
  const classes = data.numClasses;
  const out = new Float32Array(ids.length * classes);
  const params = model.tensors();
  try {
    for (let from = 0; from < ids.length; from += batchSize) {
      const to = Math.min(from + batchSize, ids.length);
      const x = gatherInputs(data, ids, from, to);
      const z = tf.tidy(() => model.logits(x, params));
      out.set(z.dataSync(), from * classes);
      tf.dispose([x, z]);
    }
  } finally {
    tf.dispose(params);
  }
  return out;
}

export function runGrpoLocal(model: GrpoModel, data: UnlabeledSource, indices: Uint32Array, options: GrpoLocalOptions, rng: Rng): GrpoLocalStats {
  const { grpo, localEpochs, batchSize } = options;
  const { groupSize: G, temperature: T, klCoef, clip, rollout } = grpo;
  const classes = data.numClasses;
  const n = indices.length;
  const labelRng = rng.derive('grpo-labels');

  // The reference policy: the model as received, on every local input (positions 0..n-1).
  const needRef = klCoef > 0 || rollout === 'round';
  const refLogits = needRef ? currentLogits(model, data, indices) : undefined;
  const refLogp = refLogits ? logSoftmaxRows(refLogits, classes, T) : undefined;

  let fixed: Rollout | undefined;
  if (rollout === 'round' && n > 0) {
    const z = tf.tensor2d(refLogits!, [n, classes]);
    const labels = sampleLabels(z, G, T, labelRng);
    z.dispose();
    const sr = batchSelfReward(labels);
    const all = Uint32Array.from({ length: n }, (_, i) => i);
    fixed = { labels, advantages: sr.advantages, agreement: sr.agreement, oldLogProbs: labelLogProbRows(refLogp!, classes, all, labels) };
  }

  let steps = 0;
  let lossSum = 0;
  let klSum = 0;
  let clipSum = 0;
  let inputs = 0;
  let rewardSum = 0;
  let unanimousSum = 0;
  let entropySum = 0;
  const positions = Uint32Array.from({ length: n }, (_, i) => i);
  for (let epoch = 0; epoch < localEpochs && n > 0; epoch++) {
    const order = rng.shuffle(Uint32Array.from(positions));
    const lr = cosineEpochLr(options.lr, epoch, localEpochs);
    for (let from = 0; from < n; from += batchSize) {
      const pos = order.subarray(from, Math.min(from + batchSize, n));
      const ids = Array.from(pos, (p) => indices[p]);
      const x = gatherInputs(data, ids);
      const params = model.tensors();
      let stats = { loss: 0, kl: 0, clip: 0, reward: 0, unanimous: 0, entropy: 0 };
      const { value, grads } = tf.valueAndGrads((...ps: tf.Tensor[]) => {
        const logits = model.logits(x, ps);
        const z = logits.dataSync();
        let labels: number[][];
        let advantages: number[][];
        let agreement: ArrayLike<number>;
        let oldLogProbs: number[][] | undefined;
        if (fixed) {
          labels = Array.from(pos, (p) => fixed!.labels[p]);
          advantages = Array.from(pos, (p) => fixed!.advantages[p]);
          agreement = Array.from(pos, (p) => fixed!.agreement[p]);
          oldLogProbs = Array.from(pos, (p) => fixed!.oldLogProbs[p]);
        } else {
          labels = sampleLabels(logits, G, T, labelRng);
          const sr = batchSelfReward(labels);
          advantages = sr.advantages;
          agreement = sr.agreement;
        }
        const refLogProbs = klCoef > 0 ? labelLogProbRows(refLogp!, classes, pos, labels) : undefined;
        // The same loss in float64 over plain arrays, for the step's statistics.
        const cur = logSoftmaxRows(z, classes, T);
        const rows = Uint32Array.from({ length: pos.length }, (_, i) => i);
        const terms = grpoObjective(
          { logProbs: labelLogProbRows(cur, classes, rows, labels), oldLogProbs, refLogProbs, advantages },
          { ...clip, klCoef },
        );
        const h = rowEntropies(z, classes);
        let reward = 0;
        let unanimous = 0;
        let entropy = 0;
        for (let i = 0; i < pos.length; i++) {
          reward += agreement[i];
          unanimous += agreement[i] === 1 ? 1 : 0;
          entropy += h[i];
        }
        stats = { loss: terms.loss, kl: terms.klLoss, clip: terms.clipFracHigh + terms.clipFracLow, reward, unanimous, entropy };
        return grpoLoss(logits, { labels, advantages, oldLogProbs, refLogProbs }, { ...clip, klCoef, temperature: T });
      })(params);
      const g = grads.map((t) => t.dataSync() as Float32Array);
      tf.dispose([x, value, ...grads, ...params]);
      model.apply(g, lr);
      steps++;
      lossSum += stats.loss;
      klSum += stats.kl;
      clipSum += stats.clip;
      inputs += pos.length;
      rewardSum += stats.reward;
      unanimousSum += stats.unanimous;
      entropySum += stats.entropy;
    }
  }
  const perStep = (s: number): number => (steps > 0 ? s / steps : NaN);
  const perInput = (s: number): number => (inputs > 0 ? s / inputs : NaN);
  return {
    steps,
    samples: n,
    meanLoss: perStep(lossSum),
    klLoss: perStep(klSum),
    clipFraction: perStep(clipSum),
    meanReward: perInput(rewardSum),
    unanimous: perInput(unanimousSum),
    entropy: perInput(entropySum),
  };
}
