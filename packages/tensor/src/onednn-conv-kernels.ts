/**
 * Conv2D, Conv2DBackpropInput and Conv2DBackpropFilter for tfjs's wasm backend, computed by the
 * optional native oneDNN addon (@fedrank/native) in place on the wasm heap: the inputs are read
 * and the output written through views of the heap, with no copy through JavaScript (oneDNN's
 * JIT convolutions are several times faster than the wasm SIMD ones).
 *
 * Covered: float32, NHWC, dilation 1, any stride and padding. Anything else, and any native
 * error, runs the fallback kernel (wasm's own, or this package's composed gradients).
 */
import type { Conv2DAttrs, Conv2DBackpropFilterAttrs, Conv2DBackpropInputAttrs, KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import type { ConvKind, OneDnnKernels } from '@fedrank/native';
import { conv2dGeometry, type Conv2DInfo } from './conv-geometry.js';
import { heapView, warnOnce, type WasmHeapBackend } from './wasm-heap.js';

interface Planned {
  geometry: Int32Array;
  a: TensorInfo;
  b: TensorInfo;
  outShape: number[];
}

export const FORWARD: ConvKind = 0;
export const INPUT_GRADIENT: ConvKind = 1;
export const FILTER_GRADIENT: ConvKind = 2;

/** A kernel running `kind` natively where covered, else `fallback`. */
export function oneDnnConvKernel(kind: ConvKind, native: OneDnnKernels, fallback: KernelFunc): KernelFunc {
  return (args) => {
    const planned = plan(kind, args.inputs, args.attrs as Record<string, unknown>);
    if (planned === null) return fallback(args);
    const backend = args.backend as unknown as WasmHeapBackend;
    const out = backend.makeOutput(planned.outShape, 'float32');
    try {
      // Views are taken after the output is allocated: allocation may grow (and move) the heap.
      native.conv2d(kind, heapView(backend, planned.a), heapView(backend, planned.b), heapView(backend, out), planned.geometry);
      return out;
    } catch (e) {
      backend.disposeData(out.dataId);
      warnOnce('conv2d', e);
      return fallback(args);
    }
  };
}

function plan(kind: ConvKind, inputs: Record<string, TensorInfo | undefined>, attrs: Record<string, unknown>): Planned | null {
  const { strides, pad, dimRoundingMode } = attrs as unknown as Conv2DAttrs;
  const dataFormat = (attrs.dataFormat as Conv2DAttrs['dataFormat'] | undefined) ?? 'NHWC';
  if (dataFormat !== 'NHWC') return null;
  if (kind === FORWARD) {
    const { x, filter } = inputs;
    if (!x || !filter || !float32(x, filter) || !unitDilation(attrs.dilations)) return null;
    const info = conv2dGeometry(x.shape, filter.shape, strides, pad, dimRoundingMode, dataFormat);
    return finish(info, x, filter, [info.batchSize, info.outHeight, info.outWidth, info.outChannels]);
  }
  if (kind === INPUT_GRADIENT) {
    const { dy, filter } = inputs;
    const { inputShape } = attrs as unknown as Conv2DBackpropInputAttrs;
    if (!dy || !filter || !float32(dy, filter)) return null;
    const info = conv2dGeometry(inputShape, filter.shape, strides, pad, dimRoundingMode, dataFormat);
    if (!sameShape(dy.shape, [info.batchSize, info.outHeight, info.outWidth, info.outChannels])) return null;
    return finish(info, dy, filter, [...inputShape]);
  }
  const { x, dy } = inputs;
  const { filterShape } = attrs as unknown as Conv2DBackpropFilterAttrs;
  if (!x || !dy || !float32(x, dy)) return null;
  const info = conv2dGeometry(x.shape, filterShape, strides, pad, dimRoundingMode, dataFormat);
  if (!sameShape(dy.shape, [info.batchSize, info.outHeight, info.outWidth, info.outChannels])) return null;
  return finish(info, x, dy, [...filterShape]);
}

function finish(info: Conv2DInfo, a: TensorInfo, b: TensorInfo, outShape: number[]): Planned | null {
  const { top, bottom, left, right } = info.padInfo;
  const geometry = Int32Array.of(
    info.batchSize,
    info.inHeight,
    info.inWidth,
    info.inChannels,
    info.outChannels,
    info.filterHeight,
    info.filterWidth,
    info.outHeight,
    info.outWidth,
    info.strideHeight,
    info.strideWidth,
    top,
    bottom,
    left,
    right,
  );
  // Empty tensors and negative paddings are left to the fallback.
  for (let i = 0; i < geometry.length; i++) if (geometry[i] < (i >= 11 ? 0 : 1)) return null;
  return { geometry, a, b, outShape };
}

function float32(...ts: TensorInfo[]): boolean {
  return ts.every((t) => t.dtype === 'float32');
}

function unitDilation(d: unknown): boolean {
  if (d === undefined || d === 1) return true;
  return Array.isArray(d) && d.every((v) => v === 1);
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
