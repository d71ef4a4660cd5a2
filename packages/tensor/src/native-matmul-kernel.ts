/**
 * BatchMatMul for tfjs's wasm backend computed by the native addon in place on the wasm heap.
 * tfjs-wasm's own kernel (XNNPACK) packs the right-hand matrix once per buffer; a supermask step
 * builds new effective weights every step, so the packing costs far more than the product itself
 * (docs/NOTES.md). An addon built with oneDNN computes every product by oneDNN's matmul; without
 * it, the addon's plain loops cover only the memory-bound products of a dense layer at a small
 * batch (up to SMALL_PRODUCT multiply-adds; larger ones, such as a test-set batch, are
 * compute-bound and XNNPACK's packed kernel is faster than those loops).
 *
 * Covered: float32, rank >= 2, equal batch dimensions (no broadcasting), not both transposed, at
 * most `maxProduct` multiply-adds. Anything else runs the fallback kernel.
 */
import type { BatchMatMulAttrs, KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import type { NativeKernels } from '@fedrank/native';
import { heapView, warnOnce, type WasmHeapBackend } from './wasm-heap.js';

/** Multiply-adds up to which the native product is used when the addon has no oneDNN. */
export const SMALL_PRODUCT = 32 * 2 ** 20;

export function nativeMatMulKernel(native: NativeKernels, fallback: KernelFunc, maxProduct = SMALL_PRODUCT): KernelFunc {
  return (args) => {
    const { a, b } = args.inputs as { a?: TensorInfo; b?: TensorInfo };
    const { transposeA, transposeB } = args.attrs as unknown as BatchMatMulAttrs;
    const planned = a && b ? plan(a, b, transposeA, transposeB, maxProduct) : null;
    if (planned === null || !a || !b) return fallback(args);
    const backend = args.backend as unknown as WasmHeapBackend;
    const out = backend.makeOutput(planned.outShape, 'float32');
    try {
      native.matMul(heapView(backend, a), heapView(backend, b), heapView(backend, out), planned.shape);
      return out;
    } catch (e) {
      backend.disposeData(out.dataId);
      warnOnce('matMul', e);
      return fallback(args);
    }
  };
}

function plan(
  a: TensorInfo,
  b: TensorInfo,
  transposeA: boolean,
  transposeB: boolean,
  maxProduct: number,
): { shape: Int32Array; outShape: number[] } | null {
  if (a.dtype !== 'float32' || b.dtype !== 'float32' || a.shape.length < 2 || b.shape.length < 2) return null;
  const batchA = a.shape.slice(0, -2);
  const batchB = b.shape.slice(0, -2);
  const batch = batchA.reduce((p, v) => p * v, 1);
  if (batch !== batchB.reduce((p, v) => p * v, 1)) return null;
  if (batchA.length !== batchB.length || batchA.some((v, i) => v !== batchB[i])) return null;
  const [ra, ca] = a.shape.slice(-2);
  const [rb, cb] = b.shape.slice(-2);
  const m = transposeA ? ca : ra;
  const k = transposeA ? ra : ca;
  const kb = transposeB ? cb : rb;
  const n = transposeB ? rb : cb;
  if (k !== kb || batch < 1 || m < 1 || k < 1 || n < 1 || (transposeA && transposeB) || batch * m * k * n > maxProduct) return null;
  return { shape: Int32Array.of(batch, m, k, n, transposeA ? 1 : 0, transposeB ? 1 : 0), outShape: [...batchA, m, n] };
}
