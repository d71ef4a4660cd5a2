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
 * Opt-in variants (all off by default, the recipe above):
 *   - augment: each of the G labels is sampled from its own random view of the input (small
 *     shifts, noise; grpo-augment.ts); the vote is across views, the GRPO step is taken on the
 *     views' log-probs and the KL term on the same views under the reference (step rollout only).
 *   - reference: the KL anchor, e.g. the base model post-training started from, instead of the
 *     model received this round.
 *   - minAgreement: groups whose majority share is below it get weight 0 (confidence threshold).
 *   - balanceGuard p > 0: a label-free guard against the collapse onto a few classes. With
 *     n_c the current and t_c the target count of predictions of class c (+1 each), a token
 *     that pushes its class up (advantage > 0: the majority) is weighted min(1, t_c / n_c)^p and
 *     one that pushes it down (advantage < 0) min(1, n_c / t_c)^p: pushes that would widen the
 *     gap to the target are damped. Counts: per client, the received model's and the base
 *     model's (`anchors.balance`) predictions on the client's inputs, or given (`classGuard`).
 * A token's weight multiplies its advantage (its policy term; the KL term and the token-mean's
 * denominator are unchanged, so dropped groups shrink the step).
 *
 * The model is abstract (`GrpoModel`): dense weights, or supermask scores trained through the
 * straight-through gradient. Labels of the local data are never read.
 */
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '@fedrank/random';
import { grpoObjective } from '@fedrank/rewards';
import { grpoLoss, sampleLabels } from '@fedrank/rewards/tf';
import { augmentEnabled, augmentViews, type AugmentSettings } from './grpo-augment.js';
export type { AugmentSettings } from './grpo-augment.js';
import { batchSelfReward, logSoftmaxRows, rowArgmax, rowEntropies } from './grpo-batch.js';
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
  /** Sample each of the G labels from its own random view of the input (off when absent or zero). */
  augment?: AugmentSettings;
  /** Groups whose majority share is below this get weight 0 (default 0: every group counts). */
  minAgreement?: number;
  /** Strength p of the class-balance guard (default 0: off; needs `GrpoAnchors.balance` or `classGuard`). */
  balanceGuard?: number;
  /** The guard's weights given from outside (e.g. by the server); replaces the per-client counts. */
  classGuard?: ClassGuard;
}

/** Per class: the weight of a push up (positive advantage) and of a push down (negative advantage). */
export interface ClassGuard {
  up: ArrayLike<number>;
  down: ArrayLike<number>;
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

interface Rollout {
  labels: number[][];
  advantages: number[][];
  agreement: Float64Array;
  /** Per input: summed weight and number of its tokens with a nonzero advantage. */
  weight: Float64Array;
  tokens: Float64Array;
  oldLogProbs: number[][];
}

/** The guard from target and current counts: up_c = min(1, (t_c + 1) / (n_c + 1))^p, down_c = min(1, (n_c + 1) / (t_c + 1))^p. */
export function classGuard(target: ArrayLike<number>, current: ArrayLike<number>, power: number): ClassGuard {
  const up = new Float64Array(target.length);
  const down = new Float64Array(target.length);
  for (let c = 0; c < target.length; c++) {
    const ratio = (target[c] + 1) / (current[c] + 1);
    up[c] = Math.pow(Math.min(1, ratio), power);
    down[c] = Math.pow(Math.min(1, 1 / ratio), power);
  }
  return { up, down };
}

/** Histogram of the row argmaxes of a [rows, classes] logit matrix. */
export function argmaxCounts(logits: ArrayLike<number>, classes: number): Float64Array {
  const counts = new Float64Array(classes);
  for (const c of rowArgmax(logits, classes)) counts[c]++;
  return counts;
}

export interface WeightedGroup {
  advantages: number[];
  /** Summed weight and number of the tokens with a nonzero advantage. */
  weight: number;
  tokens: number;
}

/**
 * A group's advantages after the confidence threshold and the class-balance guard: all 0 when
 * its agreement is below `minAgreement`, else A_g * (A_g > 0 ? up[y_g] : down[y_g]).
 */
export function weightGroup(
  labels: readonly number[],
  advantages: readonly number[],
  agreement: number,
  minAgreement: number,
  guard?: ClassGuard,
): WeightedGroup {
  let weight = 0;
  let tokens = 0;
  const out = advantages.map((a, g) => {
    if (a === 0) return 0;
    tokens++;
    const w = agreement < minAgreement ? 0 : guard ? (a > 0 ? guard.up[labels[g]] : guard.down[labels[g]]) : 1;
    weight += w;
    return w === 0 ? 0 : a * w;
  });
  return { advantages: out, weight, tokens };
}

/** [B * G][1] -> [B][G]. */
function regroup(flat: readonly (readonly number[])[], g: number): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < flat.length; i += g) out.push(flat.slice(i, i + g).map((r) => r[0]));
  return out;
}

/** [B][G] -> [B * G][1]. */
function ungroup(rows: readonly (readonly number[])[]): number[][] {
  return rows.flatMap((r) => r.map((v) => [v]));
}

function labelLogProbRows(
  logp: Float64Array,
  classes: number,
  rows: ArrayLike<number>,
  labels: readonly (readonly number[])[],
): number[][] {
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

/** Copies of the tensors with their own data (a tensor made from a typed array may share it), disposing the originals. */
function snapshot(ts: tf.Tensor[]): tf.Tensor[] {
  const out = ts.map((t) => tf.tensor(Float32Array.from(t.dataSync()), t.shape));
  tf.dispose(ts);
  return out;
}

/** Dispose-safe logits of `params` on x, as log softmax(z / T) rows in float64. */
function refLogSoftmax(model: GrpoModel, x: tf.Tensor4D, params: readonly tf.Tensor[], classes: number, temperature: number): Float64Array {
  const z = tf.tidy(() => model.logits(x, params));
  const values = z.dataSync();
  z.dispose();
  return logSoftmaxRows(values, classes, temperature);
}

export function runGrpoLocal(
  model: GrpoModel,
  data: UnlabeledSource,
  indices: Uint32Array,
  options: GrpoLocalOptions,
  rng: Rng,
  anchors: GrpoAnchors = {},
): GrpoLocalStats {
  const { grpo, localEpochs, batchSize } = options;
  const { groupSize: G, temperature: T, klCoef, clip, rollout } = grpo;
  const augment = augmentEnabled(grpo.augment) ? grpo.augment : undefined;
  const minAgreement = grpo.minAgreement ?? 0;
  const guard = grpo.balanceGuard ?? 0;
  if (augment && rollout === 'round') throw new Error("augment needs the 'step' rollout (views are drawn per step)");
  const classes = data.numClasses;
  const n = indices.length;
  const labelRng = rng.derive('grpo-labels');
  const viewRng = rng.derive('grpo-views');
  const refModel = anchors.reference ?? model;

  // The received model on every local input (positions 0..n-1): the 'round' rollout's policy,
  // the KL reference when that is the received model, the guard's current histogram.
  const needReceived = rollout === 'round' || (klCoef > 0 && !anchors.reference) || (guard > 0 && !grpo.classGuard && n > 0);
  const receivedLogits = needReceived ? currentLogits(model, data, indices) : undefined;
  const receivedLogp = receivedLogits ? logSoftmaxRows(receivedLogits, classes, T) : undefined;
  // The KL reference on every local input (without views), or its parameters (with views).
  const refLogp =
    klCoef > 0 && !augment
      ? anchors.reference
        ? logSoftmaxRows(currentLogits(refModel, data, indices), classes, T)
        : receivedLogp
      : undefined;
  const refParams = klCoef > 0 && augment && n > 0 ? snapshot(refModel.tensors()) : undefined;
  let guardWeights: ClassGuard | undefined = grpo.classGuard;
  if (!guardWeights && guard > 0 && n > 0) {
    if (!anchors.balance) throw new Error('balanceGuard needs the model whose class histogram it keeps (anchors.balance)');
    guardWeights = classGuard(
      argmaxCounts(currentLogits(anchors.balance, data, indices), classes),
      argmaxCounts(receivedLogits!, classes),
      guard,
    );
  }

  let fixed: Rollout | undefined;
  if (rollout === 'round' && n > 0) {
    const z = tf.tensor2d(receivedLogits!, [n, classes]);
    const labels = sampleLabels(z, G, T, labelRng);
    z.dispose();
    const sr = batchSelfReward(labels);
    const all = Uint32Array.from({ length: n }, (_, i) => i);
    const wg = sr.advantages.map((a, i) => weightGroup(labels[i], a, sr.agreement[i], minAgreement, guardWeights));
    fixed = {
      labels,
      advantages: wg.map((w) => w.advantages),
      agreement: sr.agreement,
      weight: Float64Array.from(wg, (w) => w.weight),
      tokens: Float64Array.from(wg, (w) => w.tokens),
      oldLogProbs: labelLogProbRows(receivedLogp!, classes, all, labels),
    };
  }

  let steps = 0;
  let lossSum = 0;
  let klSum = 0;
  let clipSum = 0;
  let inputs = 0;
  let rewardSum = 0;
  let unanimousSum = 0;
  let entropySum = 0;
  let weightSum = 0;
  let tokenSum = 0;
  const positions = Uint32Array.from({ length: n }, (_, i) => i);
  try {
    for (let epoch = 0; epoch < localEpochs && n > 0; epoch++) {
      const order = rng.shuffle(Uint32Array.from(positions));
      const lr = cosineEpochLr(options.lr, epoch, localEpochs);
      for (let from = 0; from < n; from += batchSize) {
        const pos = order.subarray(from, Math.min(from + batchSize, n));
        const b = pos.length;
        const ids = Array.from(pos, (p) => indices[p]);
        let x = gatherInputs(data, ids);
        if (augment) {
          const views = augmentViews(x.dataSync() as Float32Array, b, data.height, data.width, data.channels, G, augment, viewRng);
          x.dispose();
          x = tf.tensor4d(views, [b * G, data.height, data.width, data.channels]);
        }
        // With views: the reference's log-probs on the same views (row b * G + g).
        const viewRefLogp = refParams ? refLogSoftmax(refModel, x, refParams, classes, T) : undefined;
        const params = model.tensors();
        let stats = { loss: 0, kl: 0, clip: 0, reward: 0, unanimous: 0, entropy: 0, weight: 0, tokens: 0 };
        const { value, grads } = tf.valueAndGrads((...ps: tf.Tensor[]) => {
          const logits = model.logits(x, ps);
          const z = logits.dataSync();
          // Groups: per input, its G labels; tokens: what the loss sees ([B, G], or [B * G, 1] with views).
          let groups: number[][];
          let advantages: number[][];
          let agreement: ArrayLike<number>;
          let oldLogProbs: number[][] | undefined;
          let weight = 0;
          let tokens = 0;
          if (fixed) {
            for (const p of pos) {
              weight += fixed.weight[p];
              tokens += fixed.tokens[p];
            }
            groups = Array.from(pos, (p) => fixed!.labels[p]);
            advantages = Array.from(pos, (p) => fixed!.advantages[p]);
            agreement = Array.from(pos, (p) => fixed!.agreement[p]);
            oldLogProbs = Array.from(pos, (p) => fixed!.oldLogProbs[p]);
          } else {
            groups = augment ? regroup(sampleLabels(logits, 1, T, labelRng), G) : sampleLabels(logits, G, T, labelRng);
            const sr = batchSelfReward(groups);
            const wg = sr.advantages.map((a, i) => weightGroup(groups[i], a, sr.agreement[i], minAgreement, guardWeights));
            advantages = wg.map((w) => w.advantages);
            for (const w of wg) {
              weight += w.weight;
              tokens += w.tokens;
            }
            agreement = sr.agreement;
          }
          const tokLabels = augment ? ungroup(groups) : groups;
          const tokAdvantages = augment ? ungroup(advantages) : advantages;
          const rows = Uint32Array.from({ length: tokLabels.length }, (_, i) => i);
          const refLogProbs =
            klCoef > 0
              ? viewRefLogp
                ? labelLogProbRows(viewRefLogp, classes, rows, tokLabels)
                : labelLogProbRows(refLogp!, classes, pos, tokLabels)
              : undefined;
          // The same loss in float64 over plain arrays, for the step's statistics.
          const cur = logSoftmaxRows(z, classes, T);
          const terms = grpoObjective(
            { logProbs: labelLogProbRows(cur, classes, rows, tokLabels), oldLogProbs, refLogProbs, advantages: tokAdvantages },
            { ...clip, klCoef },
          );
          const h = rowEntropies(z, classes);
          let reward = 0;
          let unanimous = 0;
          let entropy = 0;
          for (let i = 0; i < b; i++) {
            reward += agreement[i];
            unanimous += agreement[i] === 1 ? 1 : 0;
          }
          for (let r = 0; r < h.length; r++) entropy += h[r];
          stats = {
            loss: terms.loss,
            kl: terms.klLoss,
            clip: terms.clipFracHigh + terms.clipFracLow,
            reward,
            unanimous,
            entropy: entropy / (h.length / b),
            weight,
            tokens,
          };
          return grpoLoss(
            logits,
            { labels: tokLabels, advantages: tokAdvantages, oldLogProbs, refLogProbs },
            { ...clip, klCoef, temperature: T },
          );
        })(params);
        const g = grads.map((t) => t.dataSync() as Float32Array);
        tf.dispose([x, value, ...grads, ...params]);
        model.apply(g, lr);
        steps++;
        lossSum += stats.loss;
        klSum += stats.kl;
        clipSum += stats.clip;
        inputs += b;
        rewardSum += stats.reward;
        unanimousSum += stats.unanimous;
        entropySum += stats.entropy;
        weightSum += stats.weight;
        tokenSum += stats.tokens;
      }
    }
  } finally {
    if (refParams) tf.dispose(refParams);
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
    guardWeight: tokenSum > 0 ? weightSum / tokenSum : 1,
  };
}
