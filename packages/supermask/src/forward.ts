/**
 * The forward pass of an architecture: its ops (conv 3x3 'same', ReLU, 2x2 max pooling, flatten,
 * dense) applied in order, each conv or dense consuming the next layer's weight tensor. The
 * backend-specific kernels (dense product, pooling gradient) come from @fedrank/tensor.
 */
import * as tf from '@tensorflow/tfjs';
import { denseMatMul, maxPool2x2 } from '@fedrank/tensor';
import type { Architecture } from './architectures.js';

/**
 * Logits of a batch `x` [B, H, W, C] under the given per-layer weight tensors, and per-layer
 * bias tensors for dense (non-supermask) training, where the architecture has biases.
 */
export function forward(arch: Architecture, x: tf.Tensor4D, weights: readonly tf.Tensor[], biases?: readonly tf.Tensor[]): tf.Tensor2D {
  let t: tf.Tensor = x;
  let li = 0;
  const withBias = (out: tf.Tensor, l: number): tf.Tensor => (biases ? tf.add(out, biases[l]) : out);
  for (const o of arch.ops) {
    switch (o.op) {
      case 'conv':
        t = withBias(tf.conv2d(t as tf.Tensor4D, weights[li] as tf.Tensor4D, 1, 'same'), li);
        li++;
        break;
      case 'relu':
        t = tf.relu(t);
        break;
      case 'pool':
        t = maxPool2x2(t as tf.Tensor4D);
        break;
      case 'flatten':
        t = tf.reshape(t, [t.shape[0], -1]);
        break;
      case 'dense':
        t = withBias(denseMatMul(t as tf.Tensor2D, weights[li] as tf.Tensor2D), li);
        li++;
        break;
    }
  }
  return t as tf.Tensor2D;
}
