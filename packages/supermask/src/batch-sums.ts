/** One evaluation batch's sums, the unit that evaluate.ts and webgpu/device-evaluate.ts add up. */
import * as tf from '@tensorflow/tfjs';
import type { Architecture } from './architectures.js';
import { forward } from './forward.js';

/** A batch's number of correct predictions and summed cross-entropy, as two scalars. */
export function batchSums(
  arch: Architecture,
  x: tf.Tensor4D,
  y: tf.Tensor1D,
  ws: readonly tf.Tensor[],
  bs: readonly tf.Tensor[] | undefined,
  numClasses: number,
): [tf.Scalar, tf.Scalar] {
  return tf.tidy(() => {
    const logits = forward(arch, x, ws, bs);
    const hits = tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), y), 'float32'));
    const logp = tf.logSoftmax(logits);
    const nll = tf.neg(tf.sum(tf.mul(tf.oneHot(y, numClasses), logp)));
    return [hits, nll] as [tf.Scalar, tf.Scalar];
  });
}
