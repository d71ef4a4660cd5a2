/**
 * The GRPO loss of MM-UPT (arXiv 2505.22453) as tfjs ops, for a classifier: each input b has G
 * labels y_bg sampled from softmax(z_b / T), and with logp_bg = log softmax(z_b / T)[y_bg],
 *   r_bg = exp(clamp(logp_bg - logp_old_bg, -20, 20))
 *   loss = tokenMean( -s(r_bg, A_bg) ) + klCoef * tokenMean( k3(logp_bg, logp_ref_bg) )
 * (s: clipped surrogate with dual clip, see surrogate.ts; k3: see kl.ts). Differentiable with
 * respect to the logits. The values equal `grpoObjective` over the same log-probs.
 * Entry point '@fedrank/rewards/tf'; the package root never loads tfjs.
 */
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '@fedrank/random';
import { checkNumber, RewardsError } from './errors.js';
import { DEFAULT_KL_COEF } from './grpo.js';
import { K3_CLAMP, K3_LOG_RATIO_CLAMP } from './kl.js';
import { LOG_RATIO_CLAMP, resolveClip, type ClipOptions } from './surrogate.js';

/** B rows of G values (labels, advantages, log-probs, mask). */
export type Matrix = readonly (readonly number[])[];
/** A [B, G] tensor or the same as nested arrays. */
export type MatrixInput = tf.Tensor2D | Matrix;

export interface GrpoBatch {
  /** Sampled labels, [B, G], each in [0, C). */
  labels: MatrixInput;
  /** Advantages, [B, G] (e.g. `selfReward(labels[b]).advantages` per row). */
  advantages: MatrixInput;
  /** Log-probs of the labels under the sampling policy; default: the current ones, as constants. */
  oldLogProbs?: MatrixInput;
  /** Log-probs under the frozen reference policy; without them the KL term is 0. */
  refLogProbs?: MatrixInput;
  /** Token weights (0/1), [B, G]; default all ones. */
  mask?: MatrixInput;
}

export interface TfGrpoOptions extends ClipOptions {
  /** Weight of the k3 penalty. Default 0.01. */
  klCoef?: number;
  /** Temperature of the policy whose log-probs are scored (the reference uses the sampling one). Default 1. */
  temperature?: number;
}

export interface TfGrpoTerms {
  loss: tf.Scalar;
  policyLoss: tf.Scalar;
  klLoss: tf.Scalar;
}

function checkTemperature(t: number, field = 'temperature'): void {
  checkNumber(t, field, (v) => v > 0 && Number.isFinite(v), 'a finite number > 0');
}

function checkLogits(logits: tf.Tensor): [number, number] {
  if (logits.rank !== 2) {
    throw new RewardsError(`logits must be [batch, classes], got shape [${logits.shape.join(', ')}]`, 'logits');
  }
  return [logits.shape[0] ?? 0, logits.shape[1] ?? 0];
}

function matrixShape(m: MatrixInput): [number, number] {
  if (m instanceof tf.Tensor) {
    if (m.rank !== 2) throw new RewardsError(`expected a [rows, cols] tensor, got shape [${m.shape.join(', ')}]`);
    return [m.shape[0] ?? 0, m.shape[1] ?? 0];
  }
  return [m.length, m.length === 0 ? 0 : m[0].length];
}

function toTensor(m: MatrixInput, rows: number, cols: number, field: string, dtype: 'float32' | 'int32'): tf.Tensor2D {
  if (m instanceof tf.Tensor) {
    if (m.rank !== 2 || m.shape[0] !== rows || m.shape[1] !== cols) {
      throw new RewardsError(`${field} must have shape [${rows}, ${cols}], got [${m.shape.join(', ')}]`, field);
    }
    return m.dtype === dtype ? m : tf.cast(m, dtype);
  }
  if (m.length !== rows) throw new RewardsError(`${field} has ${m.length} rows, expected ${rows}`, field);
  const flat = dtype === 'int32' ? new Int32Array(rows * cols) : new Float32Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    if (m[i].length !== cols) throw new RewardsError(`${field}[${i}] has ${m[i].length} entries, expected ${cols}`, field);
    for (let j = 0; j < cols; j++) flat[i * cols + j] = m[i][j];
  }
  return tf.tensor2d(flat, [rows, cols], dtype);
}

/**
 * Draws `groupSize` labels per row from softmax(logits / temperature) with the seeded `rng`
 * (inverse CDF in float64, rows in order, one rng.float() per draw). Returns [B][G] labels.
 */
export function sampleLabels(logits: tf.Tensor2D, groupSize: number, temperature: number, rng: Rng): number[][] {
  const [b, c] = checkLogits(logits);
  checkNumber(groupSize, 'groupSize', (v) => Number.isInteger(v) && v >= 1, 'a positive integer');
  checkTemperature(temperature);
  const z = logits.dataSync();
  const out: number[][] = [];
  const cdf = new Float64Array(c);
  for (let i = 0; i < b; i++) {
    let max = -Infinity;
    for (let j = 0; j < c; j++) max = Math.max(max, z[i * c + j] / temperature);
    let total = 0;
    let last = -1;
    for (let j = 0; j < c; j++) {
      const p = Math.exp(z[i * c + j] / temperature - max);
      total += p;
      cdf[j] = total;
      if (p > 0) last = j;
    }
    if (!(total > 0) || !Number.isFinite(total)) {
      throw new RewardsError(`logits row ${i} does not define a distribution`, 'logits');
    }
    const row: number[] = [];
    for (let g = 0; g < groupSize; g++) {
      const u = rng.float() * total;
      let k = 0;
      while (k < c && cdf[k] <= u) k++;
      row.push(Math.min(k, last));
    }
    out.push(row);
  }
  return out;
}

/** log softmax(logits / temperature) at the given labels: [B, C] x [B, G] -> [B, G]. */
export function labelLogProbs(logits: tf.Tensor2D, labels: MatrixInput, temperature = 1): tf.Tensor2D {
  const [b, c] = checkLogits(logits);
  checkTemperature(temperature);
  const g = matrixShape(labels)[1];
  if (!(labels instanceof tf.Tensor)) {
    labels.forEach((row, i) =>
      row.forEach((y, j) => {
        if (!Number.isInteger(y) || y < 0 || y >= c) {
          throw new RewardsError(`labels[${i}][${j}] = ${y} is not a class in [0, ${c})`, 'labels');
        }
      }),
    );
  }
  return tf.tidy(() => {
    const y = toTensor(labels, b, g, 'labels', 'int32');
    const logp = tf.logSoftmax(temperature === 1 ? logits : tf.div(logits, temperature)); // [B, C]
    const onehot = tf.reshape(tf.oneHot(tf.reshape(y, [b * g]), c), [b, g, c]);
    return tf.sum(tf.mul(onehot, tf.expandDims(logp, 1)), 2) as tf.Tensor2D;
  });
}

/** The three terms of the GRPO loss; `loss` is what to minimize. */
export function grpoLossTerms(logits: tf.Tensor2D, batch: GrpoBatch, options: TfGrpoOptions = {}): TfGrpoTerms {
  const clip = resolveClip(options);
  const klCoef = options.klCoef ?? DEFAULT_KL_COEF;
  checkNumber(klCoef, 'klCoef', (v) => v >= 0 && Number.isFinite(v), 'a finite number >= 0');
  const temperature = options.temperature ?? 1;
  checkTemperature(temperature);
  const [b] = checkLogits(logits);
  const [lb, g] = matrixShape(batch.labels);
  if (lb !== b) throw new RewardsError(`labels has ${lb} rows, logits ${b}`, 'labels');

  // The token-mean's denominator is a constant: the number (weight) of unmasked tokens.
  let maskSum = b * g;
  if (batch.mask !== undefined) {
    const m = toTensor(batch.mask, b, g, 'mask', 'float32');
    const total = tf.sum(m);
    maskSum = total.dataSync()[0];
    total.dispose();
    if (m !== batch.mask) m.dispose();
  }
  const scale = maskSum > 0 ? 1 / maskSum : 0;

  const result = tf.tidy(() => {
    const logp = labelLogProbs(logits, batch.labels, temperature);
    const adv = toTensor(batch.advantages, b, g, 'advantages', 'float32');
    const mask = batch.mask === undefined ? tf.onesLike(logp) : toTensor(batch.mask, b, g, 'mask', 'float32');
    // Without old log-probs the policy is on-policy: the current values, cut off from the tape.
    const old =
      batch.oldLogProbs === undefined
        ? tf.tensor2d(Float32Array.from(logp.dataSync()), [b, g])
        : toTensor(batch.oldLogProbs, b, g, 'oldLogProbs', 'float32');

    const ratio = tf.exp(tf.clipByValue(tf.sub(logp, old), -LOG_RATIO_CLAMP, LOG_RATIO_CLAMP));
    const clipped = tf.clipByValue(ratio, 1 - clip.low, 1 + clip.high);
    const ppo = tf.minimum(tf.mul(ratio, adv), tf.mul(clipped, adv));
    const surrogate = Number.isFinite(clip.dual) ? tf.where(tf.less(adv, 0), tf.maximum(ppo, tf.mul(adv, clip.dual)), ppo) : ppo;
    const policyLoss = tf.mul(tf.sum(tf.mul(tf.neg(surrogate), mask)), scale) as tf.Scalar;

    let klLoss: tf.Scalar;
    if (batch.refLogProbs === undefined) {
      klLoss = tf.scalar(0);
    } else {
      const ref = toTensor(batch.refLogProbs, b, g, 'refLogProbs', 'float32');
      const d = tf.clipByValue(tf.sub(ref, logp), -K3_LOG_RATIO_CLAMP, K3_LOG_RATIO_CLAMP);
      const k3 = tf.clipByValue(tf.sub(tf.sub(tf.exp(d), d), 1), -K3_CLAMP, K3_CLAMP);
      klLoss = tf.mul(tf.sum(tf.mul(k3, mask)), scale) as tf.Scalar;
    }
    const loss = tf.add(policyLoss, tf.mul(klLoss, klCoef)) as tf.Scalar;
    return { loss, policyLoss, klLoss };
  });
  return result;
}

/** The GRPO loss (negated clipped surrogate + klCoef * k3, token-mean): a scalar to minimize. */
export function grpoLoss(logits: tf.Tensor2D, batch: GrpoBatch, options: TfGrpoOptions = {}): tf.Scalar {
  const { loss, policyLoss, klLoss } = grpoLossTerms(logits, batch, options);
  policyLoss.dispose();
  klLoss.dispose();
  return loss;
}
