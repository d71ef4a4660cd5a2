/**
 * The native oneDNN conv2d kernels on the wasm heap (when the addon is built with oneDNN; CI
 * requires it) against the cpu backend, and their registration over the composed ones.
 */
import * as tf from '@tensorflow/tfjs';
import { oneDnnGate } from '@fedrank/native/testing';
import { describe, expect, it } from 'vitest';
import { initBackend } from './backend.js';
import { describeConvKernels } from './conv-gradient-cases.test-util.js';
import { isNativeWasmKernel, registerWasmKernels } from './wasm-kernels.js';

const gate = oneDnnGate();

describe.runIf(gate.run)(`oneDNN conv kernels${gate.reason ? ` (${gate.reason})` : ''}`, () => {
  it('replaces Conv2D and both gradients on wasm, once', async () => {
    await initBackend('wasm');
    for (const name of ['Conv2D', 'Conv2DBackpropInput', 'Conv2DBackpropFilter']) expect(isNativeWasmKernel(name)).toBe(true);
    const before = tf.getKernel('Conv2D', 'wasm');
    expect(registerWasmKernels()).toMatchObject({ native: true });
    expect(tf.getKernel('Conv2D', 'wasm')).toBe(before);
  });

  describeConvKernels('against the cpu backend');
});
