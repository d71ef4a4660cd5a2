/**
 * Kernels this package adds to (or replaces in) tfjs's wasm backend, via the global kernel
 * registry:
 * - Conv2DBackpropFilter, which wasm lacks, composed from Transpose/Slice/Conv2D;
 * - Conv2DBackpropInput, replaced for stride 1 by a forward Conv2D (about 9x faster than
 *   wasm's own kernel), which stays the fallback for the other cases.
 * Registration is idempotent and may happen before or after the wasm backend initialises.
 */
import { getKernel, registerKernel, unregisterKernel, type KernelConfig, type KernelFunc } from '@tensorflow/tfjs';
import { composedConv2DBackpropFilter } from './conv2d-backprop-filter.js';
import { composedConv2DBackpropInput } from './conv2d-backprop-input.js';

const WASM = 'wasm';
/** Marks kernel functions registered by this package (a global symbol, so it survives module reloads). */
const COMPOSED = Symbol.for('@fedrank/tensor/composed-kernel');

/** Kernel names `registerWasmKernels` registers or replaces on the wasm backend. */
export const WASM_COMPOSED_KERNELS = ['Conv2DBackpropFilter', 'Conv2DBackpropInput'] as const;

export function registerWasmKernels(): void {
  addMissing('Conv2DBackpropFilter', composedConv2DBackpropFilter(WASM));
  replace('Conv2DBackpropInput', (original) => composedConv2DBackpropInput(WASM, original));
}

/** Whether the kernel registered for `kernelName` on wasm is one of this package's. */
export function isComposedWasmKernel(kernelName: string): boolean {
  const config = findKernel(kernelName);
  return config !== undefined && isComposed(config.kernelFunc);
}

function addMissing(kernelName: string, kernelFunc: KernelFunc): void {
  if (findKernel(kernelName) !== undefined) return; // ours already, or a native one in a newer tfjs
  registerKernel({ kernelName, backendName: WASM, kernelFunc: mark(kernelFunc) });
}

function replace(kernelName: string, build: (original: KernelFunc) => KernelFunc): void {
  const original = findKernel(kernelName);
  if (original !== undefined && isComposed(original.kernelFunc)) return;
  const fallback: KernelFunc =
    original?.kernelFunc ??
    (() => {
      throw new Error(`the wasm backend has no ${kernelName} kernel for this case`);
    });
  const config: KernelConfig = { kernelName, backendName: WASM, kernelFunc: mark(build(fallback)) };
  // The original's setup (e.g. binding its wasm export) must still run when wasm initialises later.
  if (original?.setupFunc !== undefined) config.setupFunc = original.setupFunc;
  if (original?.disposeFunc !== undefined) config.disposeFunc = original.disposeFunc;
  if (original !== undefined) unregisterKernel(kernelName, WASM);
  registerKernel(config);
}

function findKernel(kernelName: string): KernelConfig | undefined {
  return getKernel(kernelName, WASM) as KernelConfig | undefined;
}

function mark(kernelFunc: KernelFunc): KernelFunc {
  Object.defineProperty(kernelFunc, COMPOSED, { value: true });
  return kernelFunc;
}

function isComposed(kernelFunc: KernelFunc): boolean {
  return (kernelFunc as unknown as Record<symbol, unknown>)[COMPOSED] === true;
}
