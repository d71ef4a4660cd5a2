/**
 * A whole small-CNN training step on wasm: conv 3x3 same -> relu -> conv -> relu -> maxPool 2x2
 * -> dense -> relu -> dense -> softmax cross-entropy, gradients for every weight via
 * tf.valueAndGrads, checked against the cpu backend, then a few SGD steps.
 */
import * as tf from '@tensorflow/tfjs';
import { Rng } from '@fedrank/random';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from './backend.js';
import { normals, onBackend, relativeError } from './cross-backend.test-util.js';

const batch = 4;
const side = 28;
const classes = 10;
const shapes: Record<string, number[]> = {
  f1: [3, 3, 1, 8],
  b1: [8],
  f2: [3, 3, 8, 16],
  b2: [16],
  w1: [(side / 2) * (side / 2) * 16, 32],
  c1: [32],
  w2: [32, classes],
  c2: [classes],
};
const names = Object.keys(shapes);

const rng = new Rng(99).derive('cnn-step');
const images = normals(rng.derive('x'), batch * side * side);
const labels = Array.from({ length: batch }, (_, i) => (i * 3 + rng.int(classes)) % classes);
const initial: Record<string, Float32Array> = Object.fromEntries(
  names.map((name) => {
    const shape = shapes[name];
    const fanIn = shape.length === 1 ? 1 : shape.slice(0, -1).reduce((a, b) => a * b);
    const size = shape.reduce((a, b) => a * b);
    return [name, shape.length === 1 ? normals(rng.derive(name), size, 0.1) : normals(rng.derive(name), size, Math.sqrt(2 / fanIn))];
  }),
);

function loss(params: Record<string, tf.Tensor>): tf.Scalar {
  const x = tf.tensor4d(images, [batch, side, side, 1]);
  const y = tf.oneHot(tf.tensor1d(labels, 'int32'), classes);
  const h1 = tf.relu(tf.add(tf.conv2d(x, params.f1 as tf.Tensor4D, 1, 'same'), params.b1));
  const h2 = tf.relu(tf.add(tf.conv2d(h1 as tf.Tensor4D, params.f2 as tf.Tensor4D, 1, 'same'), params.b2));
  const pooled = tf.maxPool(h2 as tf.Tensor4D, 2, 2, 'valid');
  const flat = tf.reshape(pooled, [batch, -1]) as tf.Tensor2D;
  const h3 = tf.relu(tf.add(tf.matMul(flat, params.w1 as tf.Tensor2D), params.c1)) as tf.Tensor2D;
  const logits = tf.add(tf.matMul(h3, params.w2 as tf.Tensor2D), params.c2);
  return tf.losses.softmaxCrossEntropy(y, logits) as tf.Scalar;
}

/** [loss, ...gradients in `names` order] for the given parameter values. */
function lossAndGradients(values: Record<string, Float32Array>): tf.Tensor[] {
  const tensors = names.map((name) => tf.tensor(values[name], shapes[name]));
  const f = (...ts: tf.Tensor[]): tf.Scalar => loss(Object.fromEntries(names.map((name, i) => [name, ts[i]])));
  const { value, grads } = tf.valueAndGrads(f)(tensors);
  return [value, ...grads];
}

beforeAll(async () => {
  await initBackend('wasm');
});

describe('small CNN training step', () => {
  it('gives the same loss and gradients on wasm as on cpu', async () => {
    const cpu = await onBackend('cpu', () => lossAndGradients(initial));
    await tf.setBackend('wasm');
    const tensorsBefore = tf.memory().numTensors;
    const idsBefore = tf.backend().numDataIds();
    const wasm = await onBackend('wasm', () => lossAndGradients(initial));
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    expect(tf.backend().numDataIds()).toBe(idsBefore);

    expect(Number.isFinite(wasm[0][0])).toBe(true);
    expect(relativeError(wasm[0], cpu[0])).toBeLessThan(1e-5);
    names.forEach((name, i) => {
      const [a, b] = [wasm[i + 1], cpu[i + 1]];
      expect(
        b.some((v) => v !== 0),
        `${name} has a gradient`,
      ).toBe(true);
      expect(relativeError(a, b), `gradient of ${name}`).toBeLessThan(1e-4);
    });
  });

  it('lowers the loss with a few SGD steps on wasm', async () => {
    await tf.setBackend('wasm');
    let values = { ...initial };
    const losses: number[] = [];
    for (let step = 0; step < 5; step++) {
      const [lossValue, ...grads] = await onBackend('wasm', () => lossAndGradients(values));
      losses.push(lossValue[0]);
      values = Object.fromEntries(names.map((name, i) => [name, values[name].map((v, k) => v - 0.05 * grads[i][k])]));
    }
    expect(losses[4]).toBeLessThan(losses[0]);
  });
});
