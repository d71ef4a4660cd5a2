/**
 * Kernels this package adds to (or replaces in) tfjs's wasm backend, via the global kernel
 * registry, in two layers:
 * - composed (always): Conv2DBackpropFilter, which wasm lacks, composed from
 *   Transpose/Slice/Conv2D; Conv2DBackpropInput replaced for stride 1 by a forward Conv2D (faster
 *   than wasm's own kernel, which stays the fallback for the other cases); Identity sharing its
 *   input's buffer instead of copying it (shared-identity.ts);
 * - native (when the optional @fedrank/native addon loads): small-batch BatchMatMul and
 *   FedrankMaxPool2x2Grad (native-max-pool-grad.ts), 2x2 MaxPool and Relu (native-pool-relu.ts);
 *   with oneDNN, BatchMatMul at every size
 *   (oneDNN's matmul) and Conv2D and both its gradients; all on the wasm heap, falling back to the composed or wasm kernel where not
 *   covered.
 * Registration is idempotent and may happen before or after the wasm backend initialises.
 */
import { getKernel, registerKernel, unregisterKernel, type KernelConfig, type KernelFunc } from '@tensorflow/tfjs';
import { loadNative, loadOneDnn } from '@fedrank/native';
import { composedConv2DBackpropFilter } from './conv2d-backprop-filter.js';
import { composedConv2DBackpropInput } from './conv2d-backprop-input.js';
import { FILTER_GRADIENT, FORWARD, INPUT_GRADIENT, oneDnnConvKernel } from './onednn-conv-kernels.js';
import { nativeMatMulKernel, SMALL_PRODUCT } from './native-matmul-kernel.js';
import { nativeMaxPool, nativeRelu } from './native-pool-relu.js';
import { sharedIdentity } from './shared-identity.js';
import { MAX_POOL_2X2_GRAD, nativeMaxPool2x2Grad } from './native-max-pool-grad.js';

const WASM = 'wasm';
/** Marks kernel functions registered by this package with their layer (a global symbol, so it survives module reloads). */
const LAYER = Symbol.for('@fedrank/tensor/kernel-layer');
type Layer = 'composed' | 'native';

/** Kernel names `registerWasmKernels` registers or replaces on the wasm backend. */
export const WASM_COMPOSED_KERNELS = ['Conv2DBackpropFilter', 'Conv2DBackpropInput', 'Identity'] as const;
export const WASM_ONEDNN_KERNELS = ['Conv2D', 'Conv2DBackpropInput', 'Conv2DBackpropFilter'] as const;

/** What the wasm backend's convolutions run on: oneDNN's version, or why not. */
export type NativeConvolutions = { native: true; version: string } | { native: false; reason: string };

export function registerWasmKernels(): NativeConvolutions {
  if (layerOf('Conv2DBackpropFilter') === undefined) addMissing('Conv2DBackpropFilter', composedConv2DBackpropFilter(WASM));
  if (layerOf('Conv2DBackpropInput') === undefined)
    replace('Conv2DBackpropInput', 'composed', (original) => composedConv2DBackpropInput(WASM, original));
  if (layerOf('Identity') === undefined) replace('Identity', 'composed', sharedIdentity);
  const native = loadNative();
  const onednn = loadOneDnn();
  if (native.available) {
    if (findKernel(MAX_POOL_2X2_GRAD) === undefined) {
      registerKernel({
        kernelName: MAX_POOL_2X2_GRAD,
        backendName: WASM,
        kernelFunc: mark(nativeMaxPool2x2Grad(native.kernels), 'native'),
      });
    }
    // With oneDNN the addon's product is oneDNN's matmul, faster than XNNPACK at every size.
    const maxProduct = onednn.available ? Infinity : SMALL_PRODUCT;
    if (layerOf('BatchMatMul') !== 'native')
      replace('BatchMatMul', 'native', (fallback) => nativeMatMulKernel(native.kernels, fallback, maxProduct));
    if (layerOf('MaxPool') !== 'native') replace('MaxPool', 'native', (fallback) => nativeMaxPool(native.kernels, fallback));
    if (layerOf('Relu') !== 'native') replace('Relu', 'native', (fallback) => nativeRelu(native.kernels, fallback));
  }
  if (!onednn.available) return { native: false, reason: onednn.reason };
  const kernels = onednn.kernels;
  const build = {
    Conv2D: (fallback: KernelFunc) => oneDnnConvKernel(FORWARD, kernels, fallback),
    Conv2DBackpropInput: (fallback: KernelFunc) => oneDnnConvKernel(INPUT_GRADIENT, kernels, fallback),
    Conv2DBackpropFilter: (fallback: KernelFunc) => oneDnnConvKernel(FILTER_GRADIENT, kernels, fallback),
  };
  for (const name of WASM_ONEDNN_KERNELS) if (layerOf(name) !== 'native') replace(name, 'native', build[name]);
  return { native: true, version: onednn.version };
}

/** Whether the kernel registered for `kernelName` on wasm is one of this package's (either layer). */
export function isComposedWasmKernel(kernelName: string): boolean {
  return layerOf(kernelName) !== undefined;
}

/** Whether `kernelName` on wasm runs the native oneDNN kernel. */
export function isNativeWasmKernel(kernelName: string): boolean {
  return layerOf(kernelName) === 'native';
}

function addMissing(kernelName: string, kernelFunc: KernelFunc): void {
  if (findKernel(kernelName) !== undefined) return; // a native one in a newer tfjs
  registerKernel({ kernelName, backendName: WASM, kernelFunc: mark(kernelFunc, 'composed') });
}

function replace(kernelName: string, layer: Layer, build: (original: KernelFunc) => KernelFunc): void {
  const original = findKernel(kernelName);
  const fallback: KernelFunc =
    original?.kernelFunc ??
    (() => {
      throw new Error(`the wasm backend has no ${kernelName} kernel for this case`);
    });
  const config: KernelConfig = { kernelName, backendName: WASM, kernelFunc: mark(build(fallback), layer) };
  // The original's setup (e.g. binding its wasm export) must still run when wasm initialises later.
  if (original?.setupFunc !== undefined) config.setupFunc = original.setupFunc;
  if (original?.disposeFunc !== undefined) config.disposeFunc = original.disposeFunc;
  if (original !== undefined) unregisterKernel(kernelName, WASM);
  registerKernel(config);
}

function findKernel(kernelName: string): KernelConfig | undefined {
  return getKernel(kernelName, WASM);
}

function layerOf(kernelName: string): Layer | undefined {
  const config = findKernel(kernelName);
  return config === undefined ? undefined : ((config.kernelFunc as unknown as Record<symbol, Layer | undefined>)[LAYER] ?? undefined);
}

function mark(kernelFunc: KernelFunc, layer: Layer): KernelFunc {
  Object.defineProperty(kernelFunc, LAYER, { value: layer });
  return kernelFunc;
}
