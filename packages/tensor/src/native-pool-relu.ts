/**
 * MaxPool and Relu for tfjs's wasm backend computed by the native addon in place on the wasm
 * heap (one vectorized pass each; wasm's own kernels were about a quarter of a test-set forward
 * pass). Covered: float32; MaxPool 2x2 with stride 2 and 'valid' padding on NHWC tensors (what
 * every fedrank architecture pools with). Anything else runs the fallback kernel.
 */
import type { KernelFunc, MaxPoolAttrs, TensorInfo } from '@tensorflow/tfjs';
import type { NativeKernels } from '@fedrank/native';
import { heapView, type WasmHeapBackend } from './wasm-heap.js';

const isTwo = (v: number | [number, number]): boolean => (Array.isArray(v) ? v[0] === 2 && v[1] === 2 : v === 2);

export function nativeMaxPool(native: NativeKernels, fallback: KernelFunc): KernelFunc {
  return (args) => {
    const { x } = args.inputs as { x?: TensorInfo };
    const { filterSize, strides, pad } = args.attrs as unknown as MaxPoolAttrs;
    if (!x || x.dtype !== 'float32' || x.shape.length !== 4 || !isTwo(filterSize) || !isTwo(strides) || pad !== 'valid')
      return fallback(args);
    const [b, h, w, c] = x.shape;
    if (b < 1 || h < 2 || w < 2 || c < 1) return fallback(args);
    const backend = args.backend as unknown as WasmHeapBackend;
    const y = backend.makeOutput([b, Math.floor(h / 2), Math.floor(w / 2), c], 'float32');
    native.maxPool2x2(heapView(backend, x), heapView(backend, y), Int32Array.of(b, h, w, c));
    return y;
  };
}

export function nativeRelu(native: NativeKernels, fallback: KernelFunc): KernelFunc {
  return (args) => {
    const { x } = args.inputs as { x?: TensorInfo };
    if (!x || x.dtype !== 'float32') return fallback(args);
    const backend = args.backend as unknown as WasmHeapBackend;
    const y = backend.makeOutput([...x.shape], 'float32');
    native.relu(heapView(backend, x), heapView(backend, y));
    return y;
  };
}
