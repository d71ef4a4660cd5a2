/**
 * denseMatMul: the value and both gradients of x W equal those of plain tf.matMul, on cpu (the
 * explicit-transpose gradient) and on wasm (the native product where registered).
 */
import * as tf from '@tensorflow/tfjs';
import { Rng } from '@fedrank/random';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from './backend.js';
import { normals, onBackend, relativeError } from './cross-backend.test-util.js';
import { denseMatMul } from './dense-matmul.js';

describe('denseMatMul', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  const rng = new Rng(9).derive('dense-matmul');
  const [b, n, m] = [5, 37, 11];
  const x = normals(rng, b * n);
  const w = normals(rng, n * m);
  const dy = normals(rng, b * m);
  const valueAndGrads = (mul: (x: tf.Tensor2D, w: tf.Tensor2D) => tf.Tensor2D) => (): tf.Tensor[] => {
    const f = (xt: tf.Tensor, wt: tf.Tensor): tf.Scalar =>
      tf.sum(tf.mul(mul(xt as tf.Tensor2D, wt as tf.Tensor2D), tf.tensor2d(dy, [b, m])));
    const { value, grads } = tf.valueAndGrads(f)([tf.tensor2d(x, [b, n]), tf.tensor2d(w, [n, m])]);
    return [tf.reshape(value, [1]), ...grads, mul(tf.tensor2d(x, [b, n]), tf.tensor2d(w, [n, m]))];
  };

  it.each(['cpu', 'wasm'])('gives tf.matMul value and gradients (%s)', async (backend) => {
    const reference = await onBackend(
      'cpu',
      valueAndGrads((p, q) => tf.matMul(p, q)),
    );
    const ours = await onBackend(backend, valueAndGrads(denseMatMul));
    expect(ours).toHaveLength(reference.length);
    ours.forEach((a, i) => expect(relativeError(a, reference[i])).toBeLessThan(1e-5));
    // dW is not zero: the comparison can fail.
    expect(reference[2].some((v) => v !== 0)).toBe(true);
  });
});
