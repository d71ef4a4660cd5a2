/**
 * Float32 tensors read and written in place on tfjs-wasm's heap, for a training loop whose
 * optimizer runs on typed arrays: it reads the gradients through views of their buffers (no copy
 * out, no garbage) and writes the next step's weights straight into fresh tensors (no copy in).
 * On other backends `wasmHeapTensors()` is null and the caller copies as usual.
 *
 * A view is valid until the next allocation on the heap (which may grow and move it): allocate
 * every tensor first, then take the views, then use them.
 */
import * as tf from '@tensorflow/tfjs';
import { heapView, type WasmHeapBackend } from './wasm-heap.js';

export interface HeapTensors {
  /** A float32 tensor of `shape` with unspecified contents, to be filled through `views` before use. */
  allocate(shape: readonly number[]): tf.Tensor;
  /** Views of the tensors' buffers (see the note on validity above). */
  views(tensors: readonly tf.Tensor[]): Float32Array[];
}

export function wasmHeapTensors(): HeapTensors | null {
  if (tf.getBackend() !== 'wasm') return null;
  const backend = tf.backend() as unknown as WasmHeapBackend;
  return {
    allocate: (shape) => tf.engine().makeTensorFromTensorInfo(backend.makeOutput([...shape], 'float32')),
    views: (tensors) => tensors.map((t) => heapView(backend, t)),
  };
}
