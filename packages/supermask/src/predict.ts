/**
 * Label-free access to a client's data: inputs only (no labels are ever touched), and the logits
 * of a network on a list of samples, computed in fixed batches. Used by unsupervised
 * post-training, whose clients hold unlabeled data.
 */
import * as tf from '@tensorflow/tfjs';
import { type Architecture } from './architectures.js';
import { forward } from './forward.js';

/** A client's inputs without labels. */
export interface UnlabeledSource {
  images: Float32Array;
  height: number;
  width: number;
  channels: number;
  numClasses: number;
}

/** The inputs of samples ids[from..to) as one [B, H, W, C] tensor. */
export function gatherInputs(src: UnlabeledSource, ids: ArrayLike<number>, from = 0, to = ids.length): tf.Tensor4D {
  const size = src.height * src.width * src.channels;
  const b = to - from;
  const xs = new Float32Array(b * size);
  for (let i = 0; i < b; i++) {
    const idx = ids[from + i];
    xs.set(src.images.subarray(idx * size, idx * size + size), i * size);
  }
  return tf.tensor4d(xs, [b, src.height, src.width, src.channels]);
}

/**
 * Logits [ids.length * classes] (row-major) of the network with the given per-layer weights
 * (and biases for dense models), `batchSize` samples at a time.
 */
export function predictLogits(
  arch: Architecture,
  weights: readonly Float32Array[],
  biases: readonly Float32Array[] | undefined,
  src: UnlabeledSource,
  ids: ArrayLike<number>,
  batchSize = 500,
): Float32Array {
  const classes = arch.input.numClasses;
  const out = new Float32Array(ids.length * classes);
  const ws = arch.layers.map((layer, l) => tf.tensor(weights[l], layer.shape));
  const bs = biases?.map((b) => tf.tensor1d(b));
  try {
    for (let from = 0; from < ids.length; from += batchSize) {
      const to = Math.min(from + batchSize, ids.length);
      const x = gatherInputs(src, ids, from, to);
      const logits = tf.tidy(() => forward(arch, x, ws, bs));
      out.set(logits.dataSync(), from * classes);
      tf.dispose([x, logits]);
    }
  } finally {
    tf.dispose(ws);
    if (bs) tf.dispose(bs);
  }
  return out;
}
