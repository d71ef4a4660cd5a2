/**
 * The native addon's BatchMatMul (against the cpu backend), 2x2 max pooling, ReLU and the 2x2
 * max-pool gradient (identical to tfjs's own on cpu) on the wasm heap.
 */
import * as tf from '@tensorflow/tfjs';
import { nativeGate } from '@fedrank/native/testing';
import { Rng } from '@fedrank/random';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from './backend.js';
import { normals, onBackend, relativeError } from './cross-backend.test-util.js';
import { MAX_POOL_2X2_GRAD } from './native-max-pool-grad.js';
import { SMALL_PRODUCT } from './native-matmul-kernel.js';
import { isNativeWasmKernel } from './wasm-kernels.js';

const gate = nativeGate();

describe.runIf(gate.run)(`native small kernels on wasm${gate.reason ? ` (${gate.reason})` : ''}`, () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  it('registers BatchMatMul and the max-pool gradient', () => {
    expect(isNativeWasmKernel('BatchMatMul')).toBe(true);
    expect(tf.getKernel(MAX_POOL_2X2_GRAD, 'wasm')).toBeDefined();
  });

  const cases: [string, number[], number[], boolean, boolean][] = [
    ['dense layer forward', [8, 1254], [1254, 128], false, false],
    ['input gradient (transposeB)', [8, 128], [1254, 128], false, true],
    ['weight gradient (transposeA)', [8, 1254], [8, 128], true, false],
    ['batch of 3 matrices', [3, 5, 7], [3, 7, 4], false, false],
    ['k not a multiple of 8 (transposeB)', [2, 4, 13], [2, 6, 13], false, true],
    ['single row', [1, 300], [300, 10], false, false],
    ['both transposed (falls back)', [6, 4], [5, 6], true, true],
    ['beyond the small-product bound (falls back)', [300, 1024], [1024, 128], false, false],
  ];
  it.each(cases)('%s matches cpu', async (_name, aShape, bShape, ta, tb) => {
    const rng = new Rng(5).derive('matmul', _name);
    const a = normals(
      rng,
      aShape.reduce((p, v) => p * v),
    );
    const b = normals(
      rng,
      bShape.reduce((p, v) => p * v),
    );
    const run = (): tf.Tensor[] => [tf.matMul(tf.tensor(a, aShape), tf.tensor(b, bShape), ta, tb)];
    const [cpu] = await onBackend('cpu', run);
    await tf.setBackend('wasm');
    const ids = tf.backend().numDataIds();
    const [wasm] = await onBackend('wasm', run);
    expect(tf.backend().numDataIds()).toBe(ids);
    expect(relativeError(wasm, cpu)).toBeLessThan(1e-5);
  });

  it('bounds the native product size', () => {
    expect(8 * 12544 * 128).toBeLessThanOrEqual(SMALL_PRODUCT);
    expect(100 * 12544 * 128).toBeGreaterThan(SMALL_PRODUCT);
  });

  it('max-pool gradient routes each window to its first maximum, as tfjs (cpu) does, ties included', async () => {
    const rng = new Rng(6).derive('pool');
    const shape: [number, number, number, number] = [3, 6, 8, 5];
    // Rounded values so that windows hold ties, and ReLU-like zeros.
    const x = Float32Array.from(normals(rng, 3 * 6 * 8 * 5), (v) => Math.max(0, Math.round(v * 2) / 2));
    const dy = normals(rng, 3 * 3 * 4 * 5);
    const viaTfjs = (): tf.Tensor[] => [
      tf.grad((xt: tf.Tensor4D) => tf.sum(tf.mul(tf.maxPool(xt, 2, 2, 'valid'), tf.tensor4d(dy, [3, 3, 4, 5]))))(tf.tensor4d(x, shape)),
    ];
    const [reference] = await onBackend('cpu', viaTfjs);
    const [native] = await onBackend('wasm', () => [
      tf.engine().runKernel(MAX_POOL_2X2_GRAD, { x: tf.tensor4d(x, shape), dy: tf.tensor4d(dy, [3, 3, 4, 5]) }) as tf.Tensor,
    ]);
    expect(Array.from(native)).toEqual(Array.from(reference));
    // Exactly one position per window carries the gradient.
    const nonZero = native.reduce((n, v) => n + (v !== 0 ? 1 : 0), 0);
    expect(nonZero).toBe(dy.filter((v) => v !== 0).length);
  });

  it('2x2 max pooling and ReLU give exactly what tfjs computes on cpu (ties, odd sizes, -0, NaN)', async () => {
    expect(isNativeWasmKernel('MaxPool')).toBe(true);
    expect(isNativeWasmKernel('Relu')).toBe(true);
    const rng = new Rng(8).derive('pool-relu');
    for (const shape of [
      [2, 6, 8, 3],
      [1, 7, 5, 4],
    ] as [number, number, number, number][]) {
      const size = shape.reduce((p, v) => p * v);
      const x = Float32Array.from(normals(rng, size), (v, i) => (i % 11 === 0 ? -0 : Math.round(v * 2) / 2));
      const run = (): tf.Tensor[] => {
        const t = tf.tensor4d(x, shape);
        return [tf.maxPool(t, 2, 2, 'valid'), tf.relu(t), tf.maxPool(t, 3, 1, 'same')];
      };
      const cpu = await onBackend('cpu', run);
      const wasm = await onBackend('wasm', run);
      // Outputs 0 and 1 are the native kernels: bit for bit. Output 2 (3x3 pooling) is wasm's own
      // kernel, which may differ from cpu in the sign of a zero.
      wasm.slice(0, 2).forEach((w, k) => expect(Array.from(w), `output ${k}, shape ${shape.join('x')}`).toEqual(Array.from(cpu[k])));
      expect(Array.from(wasm[2], (v) => v + 0)).toEqual(Array.from(cpu[2], (v) => v + 0));
    }
    const special = Float32Array.of(NaN, -0, 0, -1, 2, -Infinity, Infinity);
    const [cpuRelu] = await onBackend('cpu', () => [tf.relu(tf.tensor1d(special))]);
    const [wasmRelu] = await onBackend('wasm', () => [tf.relu(tf.tensor1d(special))]);
    expect(Array.from(wasmRelu)).toEqual(Array.from(cpuRelu));
    expect(Object.is(wasmRelu[1], 0)).toBe(true);
  });

  it('rejects an odd height with an error naming the kernel', async () => {
    await tf.setBackend('wasm');
    expect(() =>
      tf.tidy(() => tf.engine().runKernel(MAX_POOL_2X2_GRAD, { x: tf.zeros([1, 3, 4, 1]), dy: tf.zeros([1, 1, 2, 1]) })),
    ).toThrow(/FedrankMaxPool2x2Grad/);
  });
});
