/**
 * maxPool2x2: the value and gradient of 2x2 / stride-2 pooling equal tf.maxPool's on cpu (each
 * window's gradient to its first maximum), for even and odd sizes and tied maxima, on cpu and on
 * wasm (the native gradient kernel where registered).
 */
import * as tf from '@tensorflow/tfjs';
import { Rng } from '@fedrank/random';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from './backend.js';
import { normals, onBackend } from './cross-backend.test-util.js';
import { maxPool2x2 } from './max-pool-2x2.js';

describe('maxPool2x2', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  const shapes: [number, number, number, number][] = [
    [2, 6, 8, 3],
    [2, 7, 9, 3],
  ];
  it.each(['cpu', 'wasm'].flatMap((backend) => shapes.map((s) => [backend, s] as const)))(
    'matches tf.maxPool (%s, %j)',
    async (backend, shape) => {
      const rng = new Rng(4).derive('pool', shape.join('x'));
      const size = shape.reduce((p, v) => p * v);
      // Values on a 0.5 grid with ReLU zeros: many windows hold tied maxima.
      const x = Float32Array.from(normals(rng, size), (v) => Math.max(0, Math.round(v * 2) / 2));
      const out: [number, number, number, number] = [shape[0], Math.floor(shape[1] / 2), Math.floor(shape[2] / 2), shape[3]];
      const dy = normals(
        rng,
        out.reduce((p, v) => p * v),
      );
      const run = (pool: (t: tf.Tensor4D) => tf.Tensor4D) => (): tf.Tensor[] => {
        const xt = tf.tensor4d(x, shape);
        const g = tf.grad((t: tf.Tensor4D) => tf.sum(tf.mul(pool(t), tf.tensor4d(dy, out))))(xt);
        return [pool(xt), g];
      };
      const [value, grad] = await onBackend(backend, run(maxPool2x2));
      const [refValue, refGrad] = await onBackend(
        'cpu',
        run((t) => tf.maxPool(t, 2, 2, 'valid')),
      );
      expect(Array.from(value)).toEqual(Array.from(refValue));
      expect(Array.from(grad)).toEqual(Array.from(refGrad));
      expect(grad.filter((v) => v !== 0).length).toBe(dy.filter((v) => v !== 0).length);
    },
  );
});
