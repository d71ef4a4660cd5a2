/**
 * The forward pass of several clients at once, each with its own weights: the batch is the
 * clients' batches one after the other ([clients * B, H, W, C]), layer l's weights are
 * [clients, ...shape]. Convolutions (3x3, 'same', stride 1) become one batched product per layer
 * over the 3x3 patches (pad, nine shifted slices concatenated on the channel axis, then
 * [clients, B * H * W, 9 * cIn] x [clients, 9 * cIn, cOut]); dense layers one batched product
 * [clients, B, in] x [clients, in, out]; ReLU and pooling act on the whole batch. Sums are
 * ordered differently from tfjs's conv2d, so results agree with `forward` to float rounding.
 */
import * as tf from '@tensorflow/tfjs';
import { maxPool2x2 } from '@fedrank/tensor';
import type { Architecture } from '../architectures.js';

function conv3x3Same(x: tf.Tensor4D, w: tf.Tensor, clients: number): tf.Tensor4D {
  const [total, h, width, c] = x.shape;
  const cOut = w.shape[w.shape.length - 1];
  const padded = tf.pad(x, [
    [0, 0],
    [1, 1],
    [1, 1],
    [0, 0],
  ]);
  const shifted: tf.Tensor4D[] = [];
  for (let dy = 0; dy < 3; dy++) for (let dx = 0; dx < 3; dx++) shifted.push(tf.slice(padded, [0, dy, dx, 0], [total, h, width, c]));
  const patches = tf.reshape(tf.concat(shifted, 3), [clients, (total / clients) * h * width, 9 * c]);
  const out = tf.matMul(patches as tf.Tensor3D, tf.reshape(w, [clients, 9 * c, cOut]) as tf.Tensor3D);
  return tf.reshape(out, [total, h, width, cOut]);
}

/** Logits [clients * B, numClasses] of `x` [clients * B, H, W, C] under per-client weights [clients, ...shape]. */
export function clientsForward(arch: Architecture, x: tf.Tensor4D, weights: readonly tf.Tensor[], clients: number): tf.Tensor2D {
  let t: tf.Tensor = x;
  let li = 0;
  for (const o of arch.ops) {
    switch (o.op) {
      case 'conv':
        t = conv3x3Same(t as tf.Tensor4D, weights[li++], clients);
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
      case 'dense': {
        const [total, inner] = t.shape;
        const w = weights[li++];
        const out = tf.matMul(tf.reshape(t, [clients, total / clients, inner]) as tf.Tensor3D, w as tf.Tensor3D);
        t = tf.reshape(out, [total, w.shape[w.shape.length - 1]]);
        break;
      }
    }
  }
  return t as tf.Tensor2D;
}
