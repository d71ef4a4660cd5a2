/**
 * Test-set evaluation of a supermask network: the mask is fixed, so the effective weights are
 * built once and the data is pushed through in large batches.
 */
import * as tf from '@tensorflow/tfjs';
import { type Architecture } from './architectures.js';
import { batchSums } from './batch-sums.js';
import { gatherBatch, type SampleSource } from './client-data.js';
import { type MaskRule, maskedWeights } from './mask-rule.js';
import { evaluateWeightsOnDevice } from './webgpu/device-evaluate.js';

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

export interface EvaluationOptions {
  batchSize?: number;
  indices?: Uint32Array;
  biases?: readonly Float32Array[];
}

/** Accuracy and mean cross-entropy of a network with the given effective weights. */
export function evaluateWeights(
  arch: Architecture,
  effective: readonly Float32Array[],
  data: SampleSource & { count: number },
  options: EvaluationOptions = {},
): Evaluation {
  const batches = evaluationBatches(arch, effective, data, options);
  let step = batches.next();
  while (!step.done) step = batches.next(step.value.map((t) => t.dataSync()[0]));
  return step.value;
}

/**
 * evaluateWeights, reading each batch's sums with tensor.data(): the form for backends without a
 * synchronous read (WebGPU in Node). Same sums in the same order, so the same result.
 */
export async function evaluateWeightsAsync(
  arch: Architecture,
  effective: readonly Float32Array[],
  data: SampleSource & { count: number },
  options: EvaluationOptions = {},
): Promise<Evaluation> {
  if (tf.getBackend() === 'webgpu') return evaluateWeightsOnDevice(arch, effective, data, options);
  const batches = evaluationBatches(arch, effective, data, options);
  let step = batches.next();
  while (!step.done) step = batches.next(await Promise.all(step.value.map(async (t) => (await t.data())[0])));
  return step.value;
}

/**
 * The evaluation loop, one batch per step: yields the batch's [hits, summed NLL] tensors, takes
 * back their values (the caller reads them, synchronously or not), and returns the totals.
 */
function* evaluationBatches(
  arch: Architecture,
  effective: readonly Float32Array[],
  data: SampleSource & { count: number },
  options: EvaluationOptions,
): Generator<tf.Scalar[], Evaluation, number[]> {
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
      const sums = batchSums(arch, x, y, ws, bs, data.numClasses);
      tf.dispose([x, y]);
      try {
        const [c, l] = yield sums;
        correct += c;
        lossSum += l;
      } finally {
        tf.dispose(sums);
      }
    }
  } finally {
    tf.dispose(ws);
    if (bs) tf.dispose(bs);
  }
  const n = indices.length;
  return { accuracy: n > 0 ? correct / n : NaN, loss: n > 0 ? lossSum / n : NaN, count: n, correct, lossSum };
}
