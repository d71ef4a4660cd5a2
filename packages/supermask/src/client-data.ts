/**
 * A client's view of a dataset: the shared image/label arrays plus its sample indices.
 * Batches are gathered into reusable typed arrays and uploaded as one tensor each.
 */
import * as tf from '@tensorflow/tfjs';

export interface SampleSource {
  images: Float32Array;
  labels: Uint8Array;
  height: number;
  width: number;
  channels: number;
  numClasses: number;
}

export function sampleSize(src: SampleSource): number {
  return src.height * src.width * src.channels;
}

/** Copies the given samples into a batch tensor x [B,H,W,C] and labels y [B] (int32). */
export function gatherBatch(src: SampleSource, indices: ArrayLike<number>, from: number, to: number): { x: tf.Tensor4D; y: tf.Tensor1D } {
  const size = sampleSize(src);
  const b = to - from;
  const xs = new Float32Array(b * size);
  const ys = new Int32Array(b);
  for (let i = 0; i < b; i++) {
    const idx = indices[from + i];
    xs.set(src.images.subarray(idx * size, idx * size + size), i * size);
    ys[i] = src.labels[idx];
  }
  return {
    x: tf.tensor4d(xs, [b, src.height, src.width, src.channels]),
    y: tf.tensor1d(ys, 'int32'),
  };
}
