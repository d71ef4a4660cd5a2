/**
 * The frozen weights on the device, uploaded once and shared by every client that trains with
 * them: they are the same arrays for a whole run. A different set of arrays (another run in the
 * same process) replaces and frees the previous tensors. Callers must not dispose them.
 */
import * as tf from '@tensorflow/tfjs';

let cached: { arrays: readonly Float32Array[]; tensors: tf.Tensor1D[]; backend: string } | undefined;

/** The arrays as [n] tensors of the active backend, uploaded on first use. */
export function frozenOnDevice(arrays: readonly Float32Array[]): readonly tf.Tensor1D[] {
  const backend = tf.getBackend();
  const hit = cached;
  if (
    hit &&
    hit.backend === backend &&
    hit.arrays.length === arrays.length &&
    hit.arrays.every((a, i) => a === arrays[i]) &&
    hit.tensors.every((t) => !t.isDisposed)
  )
    return hit.tensors;
  if (hit) tf.dispose(hit.tensors);
  const tensors = arrays.map((a) => tf.keep(tf.tensor1d(a)));
  cached = { arrays, tensors, backend };
  return tensors;
}
