/**
 * The WebGPU kernels fedrank trains with, against tfjs's cpu backend on random inputs: conv2d
 * forward and both gradients, the dense product and its gradients, the 2x2 max-pool gradient
 * (ties included; tfjs-webgpu's own MaxPoolGrad picks the last maximum and fails this) and the
 * loss. Runs in the webgpu test project (`npm run test:webgpu`, on
 * SwiftShader); with no WebGPU adapter it fails rather than skips.
 *
 * Tolerance: max |webgpu - cpu| / max |cpu| (relativeError) below 1e-5 for float sums of at
 * most a few thousand terms (observed on SwiftShader: 1e-7 to 4e-7); the max-pool gradient routes
 * values without arithmetic and must match exactly (as numbers: 0 * negative dy is -0 on webgpu).
 */
import * as tf from '@tensorflow/tfjs';
import { Rng } from '@fedrank/random';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend, type BackendInfo } from './backend.js';
import { normals, onBackendAsync, relativeError } from './cross-backend.test-util.js';
import { denseMatMul } from './dense-matmul.js';
import { maxPool2x2 } from './max-pool-2x2.js';

const TOLERANCE = 1e-5;
let info: BackendInfo;

/** Runs `body` on cpu and on webgpu; returns [webgpu, cpu] per output. */
async function both(body: () => tf.Tensor[]): Promise<[Float32Array, Float32Array][]> {
  const cpu = await onBackendAsync('cpu', body);
  const gpu = await onBackendAsync('webgpu', body);
  return gpu.map((g, i) => [g, cpu[i]]);
}

describe('webgpu kernels against cpu', () => {
  beforeAll(async () => {
    // Throws (and so fails every test here) when no adapter is found.
    info = await initBackend('webgpu');
  });

  it('runs on a WebGPU adapter and names it', () => {
    expect(info.name).toBe('webgpu');
    expect(info.adapter).toBeDefined();
    expect(info.details).toContain(info.adapter!.description);
  });

  const convCases: [string, [number, number, number, number], [number, number, number, number]][] = [
    ['first LeNet layer (1 -> 8 channels, 3x3)', [2, 12, 12, 1], [3, 3, 1, 8]],
    ['inner layer (8 -> 16 channels, 3x3)', [2, 7, 7, 8], [3, 3, 8, 16]],
  ];
  it.each(convCases)('conv2d forward, input and filter gradients: %s', async (name, xShape, fShape) => {
    const rng = new Rng(11).derive('conv', name);
    const x = normals(
      rng,
      xShape.reduce((a, b) => a * b),
    );
    const f = normals(
      rng,
      fShape.reduce((a, b) => a * b),
      0.3,
    );
    const outShape: [number, number, number, number] = [xShape[0], xShape[1], xShape[2], fShape[3]];
    const dy = normals(
      rng,
      outShape.reduce((a, b) => a * b),
    );
    const results = await both(() => {
      const xt = tf.tensor4d(x, xShape);
      const ft = tf.tensor4d(f, fShape);
      const loss = (a: tf.Tensor, b: tf.Tensor): tf.Scalar =>
        tf.sum(tf.mul(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, 'same'), tf.tensor4d(dy, outShape)));
      const [dx, df] = tf.grads(loss)([xt, ft]);
      return [tf.conv2d(xt, ft, 1, 'same'), dx, df];
    });
    for (const [gpu, cpu] of results) expect(relativeError(gpu, cpu)).toBeLessThan(TOLERANCE);
  });

  it('dense product and both gradients (denseMatMul)', async () => {
    const rng = new Rng(12);
    const x = normals(rng, 8 * 196);
    const w = normals(rng, 196 * 32, 0.1);
    const dy = normals(rng, 8 * 32);
    const results = await both(() => {
      const xt = tf.tensor2d(x, [8, 196]);
      const wt = tf.tensor2d(w, [196, 32]);
      const loss = (a: tf.Tensor, b: tf.Tensor): tf.Scalar =>
        tf.sum(tf.mul(denseMatMul(a as tf.Tensor2D, b as tf.Tensor2D), tf.tensor2d(dy, [8, 32])));
      const [dx, dw] = tf.grads(loss)([xt, wt]);
      return [denseMatMul(xt, wt), dx, dw];
    });
    for (const [gpu, cpu] of results) expect(relativeError(gpu, cpu)).toBeLessThan(TOLERANCE);
  });

  it('2x2 max-pool gradient goes to the first maximum of each window, ties included, exactly as on cpu', async () => {
    const rng = new Rng(13);
    const shape: [number, number, number, number] = [2, 6, 8, 3];
    // Rounded, ReLU-like values so that windows hold ties.
    const x = Float32Array.from(normals(rng, 2 * 6 * 8 * 3), (v) => Math.max(0, Math.round(v * 2) / 2));
    const dy = normals(rng, 2 * 3 * 4 * 3);
    const results = await both(() => {
      const pooled = (xt: tf.Tensor): tf.Scalar => tf.sum(tf.mul(maxPool2x2(xt as tf.Tensor4D), tf.tensor4d(dy, [2, 3, 4, 3])));
      return [maxPool2x2(tf.tensor4d(x, shape)), tf.grad(pooled)(tf.tensor4d(x, shape))];
    });
    for (const [gpu, cpu] of results) {
      const differ = Array.from(gpu.keys()).filter((i) => gpu[i] !== cpu[i]);
      expect(differ.map((i) => [i, gpu[i], cpu[i]])).toEqual([]);
    }
  });

  it('softmax cross-entropy and its gradient', async () => {
    const rng = new Rng(14);
    const logits = normals(rng, 8 * 10, 3);
    const labels = Int32Array.from({ length: 8 }, () => rng.int(10));
    const results = await both(() => {
      const loss = (z: tf.Tensor): tf.Scalar =>
        tf.neg(tf.mean(tf.sum(tf.mul(tf.oneHot(tf.tensor1d(labels, 'int32'), 10), tf.logSoftmax(z)), 1)));
      const z = tf.tensor2d(logits, [8, 10]);
      return [loss(z), tf.grad(loss)(z)];
    });
    for (const [gpu, cpu] of results) expect(relativeError(gpu, cpu)).toBeLessThan(TOLERANCE);
  });
});
