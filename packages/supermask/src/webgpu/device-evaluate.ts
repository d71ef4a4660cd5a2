/**
 * Test-set evaluation on the GPU without a read per batch: every batch's [hits, summed NLL] stays
 * on the device until the last batch is queued, then all are read in one download and added in
 * batch order, as evaluateWeightsAsync (evaluate.ts) adds them, so the result is the same.
 * The GPU works through the batches back to back instead of waiting for the CPU after each.
 */
import * as tf from '@tensorflow/tfjs';
import { type Architecture } from '../architectures.js';
import { gatherBatch, type SampleSource } from '../client-data.js';
import { batchSums } from '../batch-sums.js';
import type { Evaluation, EvaluationOptions } from '../evaluate.js';

export async function evaluateWeightsOnDevice(
  arch: Architecture,
  effective: readonly Float32Array[],
  data: SampleSource & { count: number },
  options: EvaluationOptions = {},
): Promise<Evaluation> {
  const batchSize = options.batchSize ?? 500;
  const indices = options.indices ?? Uint32Array.from({ length: data.count }, (_, i) => i);
  const n = indices.length;
  if (n === 0) return { accuracy: NaN, loss: NaN, count: 0, correct: 0, lossSum: 0 };
  const ws = arch.layers.map((layer, l) => tf.tensor(effective[l], layer.shape));
  const bs = options.biases?.map((b) => tf.tensor1d(b));
  const sums: tf.Scalar[] = [];
  let values: Float32Array;
  try {
    for (let from = 0; from < n; from += batchSize) {
      const { x, y } = gatherBatch(data, indices, from, Math.min(from + batchSize, n));
      sums.push(...batchSums(arch, x, y, ws, bs, data.numClasses));
      tf.dispose([x, y]);
    }
    const all = tf.stack(sums);
    try {
      values = (await all.data()) as Float32Array;
    } finally {
      all.dispose();
    }
  } finally {
    tf.dispose([...ws, ...(bs ?? []), ...sums]);
  }
  let correct = 0;
  let lossSum = 0;
  for (let b = 0; b < values.length; b += 2) {
    correct += values[b];
    lossSum += values[b + 1];
  }
  return { accuracy: correct / n, loss: lossSum / n, count: n, correct, lossSum };
}
