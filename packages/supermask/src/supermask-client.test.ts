import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { Rng } from '@fedrank/random';
import { buildArchitecture } from './architectures.js';
import { SupermaskClientTrainer, rankingsOf } from './supermask-client.js';
import type { SampleSource } from './client-data.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function softmax(z: number[]): number[] {
  const m = Math.max(...z);
  const e = z.map((v) => Math.exp(v - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}

describe('SupermaskClientTrainer', () => {
  // One dense layer 4 -> 3 (an MLP with no hidden layer) on 2x2x1 inputs.
  const arch = buildArchitecture('mlp', { height: 2, width: 2, channels: 1, numClasses: 3 }, { hidden: [] });
  const data: SampleSource = {
    images: Float32Array.from([1, 0, 2, -1, 0.5, 1, -1, 0, 0, 2, 1, 1]),
    labels: Uint8Array.from([0, 2, 1]),
    height: 2,
    width: 2,
    channels: 1,
    numClasses: 3,
  };
  const weights = [Float32Array.from({ length: 12 }, (_, i) => (i % 3 === 0 ? -0.5 : 0.5))];
  const scores = [Float32Array.from({ length: 12 }, (_, i) => ((i * 7) % 12) / 12 - 0.45)];

  it('takes one straight-through SGD step exactly as the formula says', async () => {
    const lr = 0.3;
    const t = new SupermaskClientTrainer(
      arch,
      weights,
      scores,
      data,
      Uint32Array.from([0, 1, 2]),
      {
        localEpochs: 1,
        batchSize: 3,
        lr,
        momentum: 0,
        weightDecay: 0,
        keep: 0.5,
        maskRule: 'reference',
      },
      new Rng(1),
    );
    await t.train();
    // Expected: mask = top 6 of |s|; W_eff = w * mask; gradient of mean CE w.r.t. W_eff is
    // x^T (p - y) / B; dL/ds = g * w * sign(s).
    const s = scores[0];
    const order = Array.from(s.keys()).sort((a, b) => Math.abs(s[a]) - Math.abs(s[b]));
    const mask = new Array(12).fill(1);
    for (const i of order.slice(0, 6)) mask[i] = 0;
    const wEff = weights[0].map((w, i) => w * mask[i]);
    const g = new Array(12).fill(0);
    for (let b = 0; b < 3; b++) {
      const x = Array.from(data.images.subarray(b * 4, b * 4 + 4));
      const z = [0, 1, 2].map((o) => x.reduce((acc, xi, i) => acc + xi * wEff[i * 3 + o], 0));
      const p = softmax(z);
      for (let i = 0; i < 4; i++) for (let o = 0; o < 3; o++) g[i * 3 + o] += (x[i] * (p[o] - (data.labels[b] === o ? 1 : 0))) / 3;
    }
    const expected = Array.from(s, (si, i) => si - lr * g[i] * weights[0][i] * Math.sign(si));
    const got = Array.from(t.scores[0]);
    got.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 5));
  });

  it('sends a permutation ranking edges by ascending score', () => {
    const r = rankingsOf([Float32Array.from([0.3, -0.2, 0.1, 0.9])]);
    expect(Array.from(r[0])).toEqual([1, 2, 0, 3]);
  });

  it('is reproducible for the same stream and leaves the global scores untouched', async () => {
    const opts = { localEpochs: 2, batchSize: 2, lr: 0.4, momentum: 0.9, weightDecay: 1e-4, keep: 0.5, maskRule: 'reference' as const };
    const before = Float32Array.from(scores[0]);
    const a = await new SupermaskClientTrainer(arch, weights, scores, data, Uint32Array.from([0, 1, 2]), opts, new Rng(9)).train();
    const b = await new SupermaskClientTrainer(arch, weights, scores, data, Uint32Array.from([0, 1, 2]), opts, new Rng(9)).train();
    expect(a.scores[0]).toEqual(b.scores[0]);
    expect(a.steps).toBe(4);
    expect(scores[0]).toEqual(before);
  });

  it('does not leak tensors across steps', async () => {
    const opts = { localEpochs: 3, batchSize: 1, lr: 0.4, momentum: 0.9, weightDecay: 1e-4, keep: 0.5, maskRule: 'top-rank' as const };
    const t = new SupermaskClientTrainer(arch, weights, scores, data, Uint32Array.from([0, 1, 2]), opts, new Rng(2));
    await t.step();
    const live = tf.memory().numTensors;
    await t.train();
    expect(tf.memory().numTensors).toBe(live);
  });
});
