/**
 * Test-set evaluation of a supermask network: the mask is fixed, so the effective weights are
 * built once and the data is pushed through in large batches.
 */
import * as tf from '@tensorflow/tfjs';
import { type Architecture } from './architectures.js';
import { forward } from './forward.js';
import { gatherBatch, type SampleSource } from './client-data.js';
import { type MaskRule, maskedWeights } from './mask-rule.js';

export interface Evaluation {
  accuracy: number;
  loss: number;
  count: number;
  /** Number of correct predictions and summed cross-entropy (for combining chunks exactly). */
  correct: number;
  lossSum: number;
}

export function effectiveWeights(
  arch: Architecture,
  weights: readonly Float32Array[],
  scores: readonly Float32Array[],
  keep: number,
  rule: MaskRule,
): Float32Array[] {
  return arch.layers.map((layer, l) => {
    const out = new Float32Array(layer.size);
    maskedWeights(scores[l], weights[l], keep, rule, out);
    return out;
  });
}

/** Accuracy and mean cross-entropy of a network with the given effective weights. */
export function evaluateWeights(
  arch: Architecture,
  effective: readonly Float32Array[],
  data: SampleSource & { count: number },
  options: { batchSize?: number; indices?: Uint32Array; biases?: readonly Float32Array[] } = {},
): Evaluation {
  const batchSize = options.batchSize ?? 500;
  const indices = options.indices ?? Uint32Array.from({ length: data.count }, (_, i) => i);
  const ws = arch.layers.map((layer, l) => tf.tensor(effective[l], layer.shape));
  const bs = options.biases?.map((b) => tf.tensor1d(b));
  let correct = 0;
  let lossSum = 0;
  try {
    for (let from = 0; from < indices.length; from += batchSize) {
      const to = Math.min(from + batchSize, indices.length);
      const { x, y } = gatherBatch(data, indices, from, to);
      const [c, l] = tf.tidy(() => {
        const logits = forward(arch, x, ws, bs);
        const hits = tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), y), 'float32'));
        const logp = tf.logSoftmax(logits);
        const nll = tf.neg(tf.sum(tf.mul(tf.oneHot(y, data.numClasses), logp)));
        return [hits.dataSync()[0], nll.dataSync()[0]];
      });
      correct += c;
      lossSum += l;
      tf.dispose([x, y]);
    }
  } finally {
    tf.dispose(ws);
    if (bs) tf.dispose(bs);
  }
  const n = indices.length;
  return { accuracy: n > 0 ? correct / n : NaN, loss: n > 0 ? lossSum / n : NaN, count: n, correct, lossSum };
}
