/**
 * A wasm kernel for the gradient of 2x2 / stride-2 max pooling of an NHWC tensor with even
 * height and width, run by the native addon on the wasm heap in one pass: each window's gradient
 * goes to its first maximum in row-major order, as PyTorch's max_pool2d and tfjs's own
 * MaxPoolGrad (the fallback where this kernel is not registered) route it.
 */
import type { KernelFunc, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs';
import type { NativeKernels } from '@fedrank/native';
import { heapView, type WasmHeapBackend } from './wasm-heap.js';

/** Kernel name; inputs { x, dy } (x [B, H, W, C] with even H, W; dy [B, H/2, W/2, C]), no attributes. */
export const MAX_POOL_2X2_GRAD = 'FedrankMaxPool2x2Grad';

/** The kernel's inputs, checked: x [B, H, W, C] with even H, W and dy [B, H/2, W/2, C]. */
export function maxPool2x2GradInputs(inputs: NamedTensorInfoMap): {
  x: TensorInfo;
  dy: TensorInfo;
  shape: [number, number, number, number];
} {
  const { x, dy } = inputs as { x?: TensorInfo; dy?: TensorInfo };
  if (!x || !dy) throw new Error(`${MAX_POOL_2X2_GRAD} needs inputs x and dy`);
  const [b, h, w, c] = x.shape;
  if (x.shape.length !== 4 || h % 2 !== 0 || w % 2 !== 0 || dy.shape.join() !== [b, h / 2, w / 2, c].join())
    throw new Error(`${MAX_POOL_2X2_GRAD}: x [B,H,W,C] with even H, W and dy [B,H/2,W/2,C] expected`);
  return { x, dy, shape: [b, h, w, c] };
}

export function nativeMaxPool2x2Grad(native: NativeKernels): KernelFunc {
  return (args) => {
    const { x, dy, shape } = maxPool2x2GradInputs(args.inputs);
    const [b, h, w, c] = shape;
    if (x.dtype !== 'float32' || dy.dtype !== 'float32') throw new Error(`${MAX_POOL_2X2_GRAD}: float32 tensors expected`);
    const backend = args.backend as unknown as WasmHeapBackend;
    const dx = backend.makeOutput([...x.shape], 'float32');
    native.maxPool2x2Grad(heapView(backend, x), heapView(backend, dy), heapView(backend, dx), Int32Array.of(b, h, w, c));
    return dx;
  };
}
