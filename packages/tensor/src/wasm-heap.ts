/**
 * Access to tfjs-wasm's heap for kernels computed outside wasm (the native addon): the part of
 * BackendWasm they use, typed views of tensors, and a one-time warning when a native kernel
 * fails and the portable one takes over.
 */
import type { DataId, TensorInfo } from '@tensorflow/tfjs';

export interface WasmHeapBackend {
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo;
  typedArrayFromHeap(t: TensorInfo): ArrayLike<number>;
  disposeData(dataId: DataId): boolean;
}

/** A Float32Array view of a tensor's bytes on the heap. Take views after allocating outputs: allocation may move the heap. */
export function heapView(backend: WasmHeapBackend, t: TensorInfo): Float32Array {
  const view = backend.typedArrayFromHeap(t);
  if (!(view instanceof Float32Array)) throw new Error('expected a float32 tensor on the wasm heap');
  return view;
}

const warned = new Set<string>();
export function warnOnce(kernel: string, e: unknown): void {
  if (warned.has(kernel)) return;
  warned.add(kernel);
  process.emitWarning(`native ${kernel} failed, using the wasm kernel instead: ${e instanceof Error ? e.message : String(e)}`);
}
