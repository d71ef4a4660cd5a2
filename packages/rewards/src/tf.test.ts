import * as tf from '@tensorflow/tfjs';
import { Rng } from '@fedrank/random';
import { beforeAll, describe, expect, it } from 'vitest';
import { grpoLoss, grpoLossTerms, labelLogProbs, sampleLabels } from '@fedrank/rewards/tf';
import { RewardsError } from './errors.js';
import { grpoObjective, type GrpoOptions } from './grpo.js';
import { selfReward } from './self-reward.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

const B = 4;
const C = 5;
const G = 6;
const T = 0.7;

/** log softmax(z_b / T) in float64. */
function logSoftmaxRows(z: ArrayLike<number>, b: number, c: number, temperature: number): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < b; i++) {
    const row = Array.from({ length: c }, (_, j) => z[i * c + j] / temperature);
    const m = Math.max(...row);
    const lse = m + Math.log(row.reduce((s, x) => s + Math.exp(x - m), 0));
    out.push(row.map((x) => x - lse));
  }
  return out;
}

function gatherLabels(logp: number[][], labels: number[][]): number[][] {
  return labels.map((row, i) => row.map((y) => logp[i][y]));
}

/** Fixed float32 logits, sampled labels, self-rewarded advantages, old and reference log-probs. */
interface PlainBatch {
  labels: number[][];
  advantages: number[][];
  oldLogProbs?: number[][];
  refLogProbs?: number[][];
}

function fixture(): { z: Float32Array; batch: Required<PlainBatch> } {
  const rng = new Rng(2024);
  const z = Float32Array.from({ length: B * C }, () => rng.normal(0, 1.5));
  const logits = tf.tensor2d(z, [B, C]);
  const labels = sampleLabels(logits, G, T, rng.derive('sample'));
  logits.dispose();
  const advantages = labels.map((row) => selfReward(row).advantages);
  const logp = gatherLabels(logSoftmaxRows(z, B, C, T), labels);
  // log(pi / pi_old) per token: in range (+-0.1), above 1 + high (0.5), below 1 - low (-0.5),
  // far above (1.5: the dual clip bites for negative advantages), far below (-1.5). No kinks.
  const deltas = [0.1, -0.1, 0.5, -0.5, 1.5, -1.5];
  const oldLogProbs = logp.map((row, i) => row.map((lp, g) => lp - deltas[(i * G + g) % deltas.length]));
  // ref - logp: small values, and 3 (k3 = 16.1, clamped to 10) on one token.
  const refLogProbs = logp.map((row, i) => row.map((lp, g) => lp + (i === 1 && g === 2 ? 3 : 0.4 * Math.sin(i * G + g))));
  return { z, batch: { labels, advantages, oldLogProbs, refLogProbs } };
}

function plainLoss(z: ArrayLike<number>, batch: PlainBatch, options: GrpoOptions, mask?: number[][]): ReturnType<typeof grpoObjective> {
  const logp = gatherLabels(logSoftmaxRows(z, B, C, T), batch.labels);
  return grpoObjective(
    {
      logProbs: logp,
      oldLogProbs: batch.oldLogProbs,
      refLogProbs: batch.refLogProbs,
      advantages: batch.advantages,
      mask,
    },
    options,
  );
}

function finiteDifference(f: (z: Float64Array) => number, z0: ArrayLike<number>, h = 1e-5): Float64Array {
  const grad = new Float64Array(z0.length);
  const z = Float64Array.from(z0);
  for (let k = 0; k < z.length; k++) {
    const x = z[k];
    z[k] = x + h;
    const up = f(z);
    z[k] = x - h;
    const down = f(z);
    z[k] = x;
    grad[k] = (up - down) / (2 * h);
  }
  return grad;
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

const opts = { low: 0.2, high: 0.3, dual: 3, klCoef: 0.5, temperature: T };

describe('labelLogProbs', () => {
  it('gathers log softmax(z / T) at the labels', () => {
    const { z, batch } = fixture();
    const logits = tf.tensor2d(z, [B, C]);
    const got = labelLogProbs(logits, batch.labels, T);
    expect(got.shape).toEqual([B, G]);
    const want = gatherLabels(logSoftmaxRows(z, B, C, T), batch.labels).flat();
    expect(maxAbsDiff(got.dataSync(), want)).toBeLessThan(1e-5);
    expect(() => labelLogProbs(logits, [[0, 9]], T)).toThrow(RewardsError);
    tf.dispose([logits, got]);
  });
});

describe('grpoLoss (tfjs)', () => {
  it('the fixture exercises every branch', () => {
    const { batch } = fixture();
    expect(batch.advantages.flat().some((a) => a > 0)).toBe(true);
    expect(batch.advantages.flat().some((a) => a < 0)).toBe(true);
    const { z } = fixture();
    const t = plainLoss(z, batch, opts);
    expect(t.clipFracHigh).toBeGreaterThan(0);
    expect(t.clipFracLow).toBeGreaterThan(0);
  });

  it('equals the plain-array grpoObjective on the same inputs', () => {
    const { z, batch } = fixture();
    const logits = tf.tensor2d(z, [B, C]);
    const want = plainLoss(z, batch, opts);
    const terms = grpoLossTerms(logits, batch, opts);
    expect(Math.abs(terms.loss.dataSync()[0] - want.loss)).toBeLessThan(1e-4);
    expect(Math.abs(terms.policyLoss.dataSync()[0] - want.policyLoss)).toBeLessThan(1e-4);
    expect(Math.abs(terms.klLoss.dataSync()[0] - want.klLoss)).toBeLessThan(1e-4);
    expect(want.klLoss).toBeGreaterThan(0);
    tf.dispose([logits, terms.loss, terms.policyLoss, terms.klLoss]);

    // defaults (0.2 / 0.3 / 3, klCoef 0.01, temperature 1 in the loss)
    const logits1 = tf.tensor2d(z, [B, C]);
    const l1 = grpoLoss(logits1, batch, { temperature: T });
    expect(Math.abs(l1.dataSync()[0] - plainLoss(z, batch, {}).loss)).toBeLessThan(1e-4);
    tf.dispose([logits1, l1]);
  });

  it('equals the plain version with a mask', () => {
    const { z, batch } = fixture();
    const mask = batch.labels.map((row, i) => row.map((_, g) => ((i + g) % 3 === 0 ? 0 : 1)));
    const logits = tf.tensor2d(z, [B, C]);
    const l = grpoLoss(logits, { ...batch, mask }, opts);
    expect(Math.abs(l.dataSync()[0] - plainLoss(z, batch, opts, mask).loss)).toBeLessThan(1e-4);
    tf.dispose([logits, l]);
  });

  it('has the gradient of a finite-difference check w.r.t. the logits', () => {
    const { z, batch } = fixture();
    const logits = tf.tensor2d(z, [B, C]);
    const g = tf.grad((x: tf.Tensor) => grpoLoss(x as tf.Tensor2D, batch, opts))(logits);
    const fd = finiteDifference((zz) => plainLoss(zz, batch, opts).loss, z);
    const got = g.dataSync();
    expect(Math.max(...Array.from(fd, Math.abs))).toBeGreaterThan(0.01);
    expect(maxAbsDiff(got, fd)).toBeLessThan(1e-4);
    tf.dispose([logits, g]);
  });

  it('on-policy (no old log-probs): value and gradient hold the old policy fixed', () => {
    const { z, batch } = fixture();
    const onPolicy = { labels: batch.labels, advantages: batch.advantages, refLogProbs: batch.refLogProbs };
    const old = gatherLabels(logSoftmaxRows(z, B, C, T), batch.labels); // constants at z
    const logits = tf.tensor2d(z, [B, C]);
    const l = grpoLoss(logits, onPolicy, opts);
    const want = plainLoss(z, { ...onPolicy, oldLogProbs: old }, opts);
    expect(Math.abs(l.dataSync()[0] - want.loss)).toBeLessThan(1e-4);
    const g = tf.grad((x: tf.Tensor) => grpoLoss(x as tf.Tensor2D, onPolicy, opts))(logits);
    const fd = finiteDifference((zz) => plainLoss(zz, { ...onPolicy, oldLogProbs: old }, opts).loss, z);
    expect(maxAbsDiff(g.dataSync(), fd)).toBeLessThan(1e-4);
    tf.dispose([logits, l, g]);
  });

  it('leaks no tensors', () => {
    const { z, batch } = fixture();
    const logits = tf.tensor2d(z, [B, C]);
    const before = tf.memory().numTensors;
    const l = grpoLoss(logits, { ...batch, mask: batch.labels.map((r) => r.map(() => 1)) }, opts);
    l.dispose();
    const g = tf.grad((x: tf.Tensor) => grpoLoss(x as tf.Tensor2D, batch, opts))(logits);
    g.dispose();
    expect(tf.memory().numTensors).toBe(before);
    logits.dispose();
  });

  it('rejects shapes that do not fit', () => {
    const { z, batch } = fixture();
    const logits = tf.tensor2d(z, [B, C]);
    expect(() => grpoLoss(logits, { ...batch, advantages: [[1]] }, opts)).toThrow(RewardsError);
    expect(() => grpoLoss(logits, { ...batch, labels: batch.labels.slice(1) }, opts)).toThrow(/labels/);
    expect(() => grpoLoss(logits, batch, { ...opts, temperature: 0 })).toThrow(/temperature/);
    logits.dispose();
  });

  it('a few GRPO steps on one input sharpen the policy toward its majority label', () => {
    const z = tf.variable(tf.tensor2d([[1, 0.2, 0, -0.3]]));
    const rng = new Rng(7);
    const optimizer = tf.train.sgd(0.2);
    const prob = (): number[] => Array.from(tf.tidy(() => tf.softmax(z.div(T))).dataSync());
    const p0 = prob();
    for (let step = 0; step < 30; step++) {
      const labels = sampleLabels(z, 10, T, rng);
      const advantages = labels.map((row) => selfReward(row).advantages);
      optimizer.minimize(() => grpoLoss(z, { labels, advantages }, { temperature: T }));
    }
    const p1 = prob();
    expect(p1[0]).toBeGreaterThan(p0[0]);
    expect(p1[0]).toBeGreaterThan(0.9);
    z.dispose();
    optimizer.dispose();
  });
});

describe('sampleLabels', () => {
  it('is reproducible from the seed', () => {
    const logits = tf.tensor2d([
      [0, 1, 2],
      [2, 1, 0],
    ]);
    const a = sampleLabels(logits, 20, 0.7, new Rng(1));
    const b = sampleLabels(logits, 20, 0.7, new Rng(1));
    const c = sampleLabels(logits, 20, 0.7, new Rng(2));
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect(a.length).toBe(2);
    expect(a.every((row) => row.length === 20 && row.every((y) => y >= 0 && y < 3))).toBe(true);
    logits.dispose();
  });

  it('draws from softmax(logits / T)', () => {
    const z = [1, 0, -1, 2];
    const logits = tf.tensor2d([z]);
    const n = 40000;
    const [row] = sampleLabels(logits, n, T, new Rng(3));
    const p = logSoftmaxRows(z, 1, 4, T)[0].map(Math.exp);
    const freq = [0, 0, 0, 0];
    for (const y of row) freq[y] += 1 / n;
    for (let j = 0; j < 4; j++) expect(Math.abs(freq[j] - p[j])).toBeLessThan(0.01);
    logits.dispose();
  });

  it('never draws an impossible class and follows a peaked distribution', () => {
    const logits = tf.tensor2d([
      [0, Number.NEGATIVE_INFINITY, 0],
      [0, 60, 0],
    ]);
    const [a, b] = sampleLabels(logits, 500, 1, new Rng(4));
    expect(a.includes(1)).toBe(false);
    expect(b.every((y) => y === 1)).toBe(true);
    logits.dispose();
  });

  it('rejects a bad group size or temperature', () => {
    const logits = tf.tensor2d([[0, 1]]);
    expect(() => sampleLabels(logits, 0, 1, new Rng(1))).toThrow(RewardsError);
    expect(() => sampleLabels(logits, 2.5, 1, new Rng(1))).toThrow(/groupSize/);
    expect(() => sampleLabels(logits, 2, 0, new Rng(1))).toThrow(/temperature/);
    logits.dispose();
  });
});
