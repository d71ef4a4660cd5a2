/** Reading a GRPO model's logits outside the training tape: over a client's inputs, or as float64 log-probs of one batch. */
import * as tf from '@tensorflow/tfjs';
import { logSoftmaxRows } from './grpo-batch.js';
import type { GrpoModel } from './grpo-local-types.js';
import { gatherInputs, type UnlabeledSource } from './predict.js';

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

/** log softmax(z / T) rows in float64 of the logits of `params` on x (the tensors it makes are disposed). */
export function batchLogSoftmax(
  model: GrpoModel,
  x: tf.Tensor4D,
  params: readonly tf.Tensor[],
  classes: number,
  temperature: number,
): Float64Array {
  const z = tf.tidy(() => model.logits(x, params));
  const values = z.dataSync();
  z.dispose();
  return logSoftmaxRows(values, classes, temperature);
}
