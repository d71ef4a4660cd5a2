/**
 * The composed wasm conv2d gradient kernels (no native addon: FEDRANK_NATIVE=0 for this file's
 * process) against the cpu backend.
 */
import { describe, expect, it } from 'vitest';
import { describeConvKernels } from './conv-gradient-cases.test-util.js';
import { isComposedWasmKernel, isNativeWasmKernel } from './wasm-kernels.js';

process.env.FEDRANK_NATIVE = '0';

describeConvKernels('composed wasm conv kernels');

describe('without the native addon', () => {
  it('registers the composed kernels only', () => {
    expect(isComposedWasmKernel('Conv2DBackpropFilter')).toBe(true);
    expect(isNativeWasmKernel('Conv2D')).toBe(false);
    expect(isNativeWasmKernel('Conv2DBackpropFilter')).toBe(false);
  });
});
