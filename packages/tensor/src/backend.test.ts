import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { currentBackend, initBackend, type BackendName } from './backend.js';
import { BackendError } from './errors.js';
import { isComposedWasmKernel, registerWasmKernels } from './wasm-kernels.js';

function installed(name: string): boolean {
  try {
    createRequire(import.meta.url).resolve(name);
    return true;
  } catch {
    return false;
  }
}
const hasNodeGpu = installed('@tensorflow/tfjs-node-gpu');
const hasNode = installed('@tensorflow/tfjs-node');

describe('initBackend', () => {
  it.skipIf(hasNodeGpu || hasNode)('auto picks wasm when the tfjs-node packages are absent', async () => {
    const info = await initBackend('auto');
    expect(info).toMatchObject({ requested: 'auto', name: 'wasm', tfjsBackend: 'wasm', version: '4.22.0' });
    expect(info.details).toMatch(
      /^wasm (SIMD|without SIMD), \d+ threads?, (convolutions by oneDNN \d+\.\d+\.\d+|wasm convolutions \(oneDNN: .+\))$/,
    );
    expect(tf.getBackend()).toBe('wasm');
    expect(currentBackend()).toBe(info);
  });

  it('is idempotent', async () => {
    const first = await initBackend('wasm');
    const second = await initBackend('wasm');
    expect(second).toBe(first);
    const [a, b] = await Promise.all([initBackend('wasm'), initBackend('wasm')]);
    expect(a).toBe(first);
    expect(b).toBe(first);
    expect(tf.getBackend()).toBe('wasm');
  });

  it('registers the composed conv kernels when wasm is chosen, once', async () => {
    await initBackend('wasm');
    expect(isComposedWasmKernel('Conv2DBackpropFilter')).toBe(true);
    expect(isComposedWasmKernel('Conv2DBackpropInput')).toBe(true);
    const before = tf.getKernel('Conv2DBackpropInput', 'wasm');
    registerWasmKernels();
    expect(tf.getKernel('Conv2DBackpropInput', 'wasm')).toBe(before);
  });

  it.skipIf(hasNodeGpu)('throws BackendError with the install command for a missing tensorflow-gpu', async () => {
    await initBackend('wasm');
    const error = await initBackend('tensorflow-gpu').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendError);
    const e = error as BackendError;
    expect(e.exitCode).toBe(2);
    expect(e.field).toBe('backend');
    expect(e.message).toContain('npm install @tensorflow/tfjs-node-gpu');
    expect(e.message).toContain('CUDA');
    expect(e.message).not.toContain('\n');
    // A failed request leaves the previous backend in place.
    expect(tf.getBackend()).toBe('wasm');
    expect(currentBackend()?.name).toBe('wasm');
  });

  it.skipIf(hasNode)('throws BackendError with the install command for a missing tensorflow', async () => {
    const error = await initBackend('tensorflow').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendError);
    expect((error as BackendError).message).toContain('npm install @tensorflow/tfjs-node@');
  });

  it('rejects an unknown name', async () => {
    const error = await initBackend('gpu' as BackendName).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendError);
    expect((error as BackendError).message).toContain('auto, tensorflow-gpu, webgpu, tensorflow, wasm, cpu');
  });

  it('switches between cpu and wasm', async () => {
    const cpu = await initBackend('cpu');
    expect(cpu).toMatchObject({ requested: 'cpu', name: 'cpu', tfjsBackend: 'cpu' });
    expect(tf.getBackend()).toBe('cpu');
    const wasm = await initBackend('wasm');
    expect(wasm.name).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    // Switching tfjs's backend behind initBackend's back is repaired by the next call.
    await tf.setBackend('cpu');
    expect((await initBackend('wasm')).name).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
  });
});
