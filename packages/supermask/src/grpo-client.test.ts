import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { Rng } from '@fedrank/random';
import { buildArchitecture } from './architectures.js';
import { batchSelfReward, logSoftmaxRows, rowEntropies } from './grpo-batch.js';
import { runGrpoLocal } from './grpo-local.js';
import type { GrpoLocalOptions, GrpoModel } from './grpo-local-types.js';
import { currentLogits } from './grpo-model-logits.js';
import { DenseGrpoModel, trainGrpoDenseClient } from './grpo-dense-client.js';
import { SupermaskGrpoModel, trainGrpoSupermaskClient } from './grpo-client.js';
import { initDense } from './dense-model.js';
import { initSupermask } from './init.js';
import type { UnlabeledSource } from './predict.js';
import { rankingsOf } from './supermask-client.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const grpo = { groupSize: 10, temperature: 0.7, klCoef: 0.01, clip: { low: 0.2, high: 0.3, dual: 3 }, rollout: 'step' as const };
const options = (extra: Partial<GrpoLocalOptions> = {}): GrpoLocalOptions => ({
  localEpochs: 1,
  batchSize: 4,
  lr: 0.5,
  momentum: 0,
  weightDecay: 0,
  grpo,
  ...extra,
});

/** A toy policy whose logits are the parameters themselves: one row per input, x is ignored. */
class FreeLogits implements GrpoModel {
  readonly z: Float32Array;
  constructor(
    z0: number[],
    private readonly rows: number,
    private readonly classes: number,
  ) {
    this.z = Float32Array.from(z0);
  }
  tensors(): tf.Tensor[] {
    return [tf.tensor2d(this.z, [this.rows, this.classes])];
  }
  logits(x: tf.Tensor4D, params: readonly tf.Tensor[]): tf.Tensor2D {
    // Row i of the batch is input x[i] = its sample id (the toy data below stores ids as pixels).
    const ids = tf.cast(tf.reshape(x, [-1]), 'int32');
    return tf.gather(params[0], ids) as tf.Tensor2D;
  }
  apply(grads: Float32Array[], lr: number): void {
    for (let i = 0; i < this.z.length; i++) this.z[i] -= lr * grads[0][i];
  }
}

/** n 1x1 "images" whose pixel is the sample id; no labels anywhere. */
function idData(n: number, classes: number): UnlabeledSource {
  return { images: Float32Array.from({ length: n }, (_, i) => i), height: 1, width: 1, channels: 1, numClasses: classes };
}

function softmaxRow(z: ArrayLike<number>, from: number, c: number): number[] {
  const lp = logSoftmaxRows(
    Array.from({ length: c }, (_, j) => z[from + j]),
    c,
  );
  return Array.from(lp, Math.exp);
}

describe('batchSelfReward', () => {
  it('votes per input, rewards agreement, and gives the GRPO advantages', () => {
    const r = batchSelfReward([
      [1, 0, 0, 1, 2],
      [3, 3, 3],
    ]);
    expect(Array.from(r.majority)).toEqual([1, 3]); // tie 1 vs 0: the first seen wins
    expect(r.rewards).toEqual([
      [1, 0, 0, 1, 0],
      [1, 1, 1],
    ]);
    expect(r.advantages[0].map((a) => Number(a.toFixed(4)))).toEqual([1.0954, -0.7303, -0.7303, 1.0954, -0.7303]);
    expect(r.advantages[1]).toEqual([0, 0, 0]);
    expect(Array.from(r.agreement)).toEqual([0.4, 1]);
  });

  it('computes entropies of softmax rows', () => {
    const h = rowEntropies([0, 0, 0, 0, 100, 0], 3);
    expect(h[0]).toBeCloseTo(Math.log(3), 12);
    expect(h[1]).toBeCloseTo(0, 12);
  });
});

describe('runGrpoLocal on a toy policy', () => {
  const C = 3;
  const z0 = [0.35, 0, -0.2, 0.1, 0.5, 0, -0.3, 0.2, 0.25, 0.4, 0.1, -0.1];
  const n = z0.length / C;

  it('pushes probability mass toward the majority label', () => {
    const model = new FreeLogits(z0, n, C);
    // The majorities the policy votes for: sample once with the trainer's own label stream.
    const majorities: number[] = [];
    for (let i = 0; i < n; i++) {
      const p = softmaxRow(z0, i * C, C);
      majorities.push(p.indexOf(Math.max(...p)));
    }
    const before = majorities.map((m, i) => softmaxRow(model.z, i * C, C)[m]);
    const stats = runGrpoLocal(
      model,
      idData(n, C),
      Uint32Array.from({ length: n }, (_, i) => i),
      options({ localEpochs: 30, grpo: { ...grpo, klCoef: 0 } }),
      new Rng(5),
    );
    const after = majorities.map((m, i) => softmaxRow(model.z, i * C, C)[m]);
    for (let i = 0; i < n; i++) expect(after[i], `input ${i}`).toBeGreaterThan(before[i] + 0.2);
    expect(stats.steps).toBe(30);
    expect(stats.unanimous).toBeLessThan(1);
  });

  it('one step moves each logit as the majority vote says', () => {
    // One input, G = 5: read the labels the step will sample, then check the gradient's sign.
    const model = new FreeLogits([0.2, 0.1, 0], 1, C);
    const rng = new Rng(11);
    const g = 5;
    // The trainer draws from rng.derive('grpo-labels') in the same way.
    const peek = rng.derive('grpo-labels');
    const cdf = softmaxRow(
      [0.2, 0.1, 0].map((v) => v / grpo.temperature),
      0,
      C,
    ).reduce<number[]>((acc, p) => [...acc, (acc.at(-1) ?? 0) + p], []);
    const labels = Array.from({ length: g }, () => {
      const u = peek.float() * cdf[C - 1];
      let k = 0;
      while (k < C && cdf[k] <= u) k++;
      return k;
    });
    const vote = batchSelfReward([labels]);
    expect(vote.agreement[0]).toBeLessThan(1); // this seed's group is split
    const m = vote.majority[0];
    const z = Array.from(model.z);
    const stats = runGrpoLocal(
      model,
      idData(1, C),
      Uint32Array.from([0]),
      options({ batchSize: 1, grpo: { ...grpo, groupSize: g, klCoef: 0 } }),
      rng,
    );
    expect(stats.meanReward).toBeCloseTo(vote.agreement[0], 12);
    expect(model.z[m]).toBeGreaterThan(z[m]);
    for (let c = 0; c < C; c++) if (c !== m && labels.includes(c)) expect(model.z[c]).toBeLessThan(z[c]);
    // Exactly: z' = z + lr * sum_g A_g (onehot(y_g) - softmax(z / T)) / (G T) (on-policy, ratio 1).
    const p = softmaxRow(
      z.map((v) => v / grpo.temperature),
      0,
      C,
    );
    const want = z.map(
      (v, c) => v + (0.5 * labels.reduce((s, y, k) => s + vote.advantages[0][k] * ((y === c ? 1 : 0) - p[c]), 0)) / (g * grpo.temperature),
    );
    for (let c = 0; c < C; c++) expect(model.z[c]).toBeCloseTo(want[c], 5);
  });

  it('augmented views that are all equal give exactly the plain recipe (same draws, same step)', () => {
    // 1x1 images: a shift moves the pixel out and fills it with the image minimum, the pixel itself.
    const data = idData(n, C);
    const all = Uint32Array.from({ length: n }, (_, i) => i);
    const plain = new FreeLogits(z0, n, C);
    const a = runGrpoLocal(plain, data, all, options({ localEpochs: 3 }), new Rng(8));
    const viewed = new FreeLogits(z0, n, C);
    const b = runGrpoLocal(viewed, data, all, options({ localEpochs: 3, grpo: { ...grpo, augment: { shift: 1, noise: 0 } } }), new Rng(8));
    for (let i = 0; i < z0.length; i++) expect(viewed.z[i]).toBeCloseTo(plain.z[i], 6);
    expect(b.meanReward).toBe(a.meanReward);
    expect(b.unanimous).toBe(a.unanimous);
    expect(b.klLoss).toBeCloseTo(a.klLoss, 6);
    expect(b.entropy).toBeCloseTo(a.entropy, 6);
    expect(b.guardWeight).toBe(1);
  });

  it("augment needs the 'step' rollout", () => {
    const run = (): unknown =>
      runGrpoLocal(
        new FreeLogits(z0, n, C),
        idData(n, C),
        Uint32Array.from([0]),
        options({ grpo: { ...grpo, rollout: 'round', augment: { shift: 1, noise: 0 } } }),
        new Rng(1),
      );
    expect(run).toThrow(/step/);
  });

  it('minAgreement 1 drops every split group: no policy gradient, guardWeight 0', () => {
    const model = new FreeLogits(z0, n, C);
    const stats = runGrpoLocal(
      model,
      idData(n, C),
      Uint32Array.from({ length: n }, (_, i) => i),
      options({ localEpochs: 2, grpo: { ...grpo, klCoef: 0, minAgreement: 1 } }),
      new Rng(5),
    );
    expect(stats.unanimous).toBeLessThan(1);
    expect(stats.guardWeight).toBe(0);
    expect(Array.from(model.z)).toEqual(Array.from(Float32Array.from(z0)));
  });

  it('the class-balance guard scales each token: one step, exactly', () => {
    const model = new FreeLogits([0.2, 0.1, 0], 1, C);
    const rng = new Rng(11);
    const g = 5;
    const peek = rng.derive('grpo-labels');
    const cdf = softmaxRow(
      [0.2, 0.1, 0].map((v) => v / grpo.temperature),
      0,
      C,
    ).reduce<number[]>((acc, p) => [...acc, (acc.at(-1) ?? 0) + p], []);
    const labels = Array.from({ length: g }, () => {
      const u = peek.float() * cdf[C - 1];
      let k = 0;
      while (k < C && cdf[k] <= u) k++;
      return k;
    });
    const vote = batchSelfReward([labels]);
    const guard = { up: [0.5, 0.25, 0.75], down: [0.1, 0.2, 0.3] };
    const z = Array.from(model.z);
    const stats = runGrpoLocal(
      model,
      idData(1, C),
      Uint32Array.from([0]),
      options({ batchSize: 1, grpo: { ...grpo, groupSize: g, klCoef: 0, classGuard: guard } }),
      rng,
    );
    const w = labels.map((y, k) => (vote.advantages[0][k] > 0 ? guard.up[y] : guard.down[y]));
    const p = softmaxRow(
      z.map((v) => v / grpo.temperature),
      0,
      C,
    );
    const want = z.map(
      (v, c) =>
        v + (0.5 * labels.reduce((s, y, k) => s + w[k] * vote.advantages[0][k] * ((y === c ? 1 : 0) - p[c]), 0)) / (g * grpo.temperature),
    );
    for (let c = 0; c < C; c++) expect(model.z[c]).toBeCloseTo(want[c], 5);
    expect(stats.guardWeight).toBeCloseTo(w.reduce((s, v) => s + v, 0) / g, 12);
  });

  it('a unanimous group gives no gradient (advantages 0, KL 0 at the start)', () => {
    const model = new FreeLogits([30, 0, 0], 1, C);
    const stats = runGrpoLocal(model, idData(1, C), Uint32Array.from([0]), options({ batchSize: 1 }), new Rng(2));
    expect(stats.unanimous).toBe(1);
    expect(stats.meanReward).toBe(1);
    expect(stats.klLoss).toBe(0);
    expect(stats.meanLoss).toBe(0);
    expect(Array.from(model.z)).toEqual([30, 0, 0]);
  });
});

describe('GRPO clients', () => {
  const input = { height: 4, width: 4, channels: 1, numClasses: 4 };
  const arch = buildArchitecture('mlp', input, { hidden: [8] });
  const rng = new Rng(3);
  const n = 24;
  const data: UnlabeledSource = { ...input, images: Float32Array.from({ length: n * 16 }, () => rng.normal()) };
  const indices = Uint32Array.from({ length: n }, (_, i) => i);
  const global = initDense(arch, new Rng(4));
  // Scale the last layer up so the policy is confident enough to have majorities.
  const sharpen = (flat: Float32Array): Float32Array => {
    const out = Float32Array.from(flat);
    for (let i = flat.length - 8 * 4 - 4; i < flat.length; i++) out[i] *= 6;
    return out;
  };

  it('dense: KL is 0 on the first step and grows after it; the update is deterministic per seed', () => {
    const g = sharpen(global);
    const one = trainGrpoDenseClient(arch, g, data, indices, options({ batchSize: n }), new Rng(9));
    expect(one.stats.steps).toBe(1);
    expect(one.stats.klLoss).toBe(0);
    const three = trainGrpoDenseClient(arch, g, data, indices, options({ batchSize: n, localEpochs: 3 }), new Rng(9));
    expect(three.stats.klLoss).toBeGreaterThan(0);
    const again = trainGrpoDenseClient(arch, g, data, indices, options({ batchSize: n, localEpochs: 3 }), new Rng(9));
    expect(Array.from(again.delta)).toEqual(Array.from(three.delta));
    const other = trainGrpoDenseClient(arch, g, data, indices, options({ batchSize: n, localEpochs: 3 }), new Rng(10));
    expect(Array.from(other.delta)).not.toEqual(Array.from(three.delta));
  });

  it('dense: post-training sharpens the predictions (entropy falls, agreement rises)', () => {
    const g = sharpen(global);
    const before = new DenseGrpoModel(arch, g, { momentum: 0, weightDecay: 0 });
    const z0 = currentLogits(before, data, indices);
    const r = trainGrpoDenseClient(arch, g, data, indices, options({ batchSize: 6, localEpochs: 8, lr: 0.2, momentum: 0.9 }), new Rng(9));
    const after = new DenseGrpoModel(
      arch,
      Float32Array.from(g, (v, i) => v + r.delta[i]),
      { momentum: 0, weightDecay: 0 },
    );
    const z1 = currentLogits(after, data, indices);
    const mean = (a: Float64Array): number => a.reduce((s, v) => s + v, 0) / a.length;
    expect(mean(rowEntropies(z1, 4))).toBeLessThan(mean(rowEntropies(z0, 4)) - 0.05);
  });

  it('supermask: trains the scores, sends a ranking, leaves no tensors behind', () => {
    const init = initSupermask(arch, new Rng(5));
    const live = tf.memory().numTensors;
    const r = trainGrpoSupermaskClient(
      arch,
      init.weights,
      init.scores,
      data,
      indices,
      { ...options({ lr: 0.4 }), keep: 0.5, maskRule: 'reference' },
      new Rng(6),
    );
    expect(tf.memory().numTensors).toBe(live);
    expect(r.stats.steps).toBe(n / 4);
    expect(r.scores.some((s, l) => s.some((v, i) => v !== init.scores[l][i]))).toBe(true);
    const ranking = rankingsOf(r.scores);
    for (let l = 0; l < ranking.length; l++)
      expect(Array.from(ranking[l]).sort((a, b) => a - b)).toEqual(Array.from({ length: ranking[l].length }, (_, i) => i));
    // KL to the received scores is 0 on the first step.
    const first = new SupermaskGrpoModel(arch, init.weights, init.scores, {
      momentum: 0,
      weightDecay: 0,
      keep: 0.5,
      maskRule: 'reference',
    });
    const s1 = runGrpoLocal(first, data, indices, options({ batchSize: n }), new Rng(6));
    expect(s1.klLoss).toBe(0);
    // Same seed, same update.
    const again = trainGrpoSupermaskClient(
      arch,
      init.weights,
      init.scores,
      data,
      indices,
      { ...options({ lr: 0.4 }), keep: 0.5, maskRule: 'reference' },
      new Rng(6),
    );
    expect(again.scores.map((s) => Array.from(s))).toEqual(r.scores.map((s) => Array.from(s)));
  });

  it('dense anchors: the base model as KL reference (k3 > 0 from the first step); a balance reference equal to the received model changes nothing', () => {
    const g = sharpen(global);
    const base = Float32Array.from(g, (v, i) => v + (i % 7 === 0 ? 0.3 : 0));
    const plain = trainGrpoDenseClient(arch, g, data, indices, options({ batchSize: n }), new Rng(9));
    expect(plain.stats.klLoss).toBe(0);
    const anchored = trainGrpoDenseClient(arch, g, data, indices, options({ batchSize: n }), new Rng(9), { reference: base });
    expect(anchored.stats.klLoss).toBeGreaterThan(0);
    const self = trainGrpoDenseClient(arch, g, data, indices, options({ batchSize: n }), new Rng(9), { reference: g });
    expect(Array.from(self.delta)).toEqual(Array.from(plain.delta));
    const guarded = trainGrpoDenseClient(
      arch,
      g,
      data,
      indices,
      options({ batchSize: 6, localEpochs: 2, grpo: { ...grpo, balanceGuard: 3 } }),
      new Rng(9),
      { balance: g },
    );
    const unguarded = trainGrpoDenseClient(arch, g, data, indices, options({ batchSize: 6, localEpochs: 2 }), new Rng(9));
    expect(Array.from(guarded.delta)).toEqual(Array.from(unguarded.delta));
    expect(guarded.stats.guardWeight).toBe(1);
    // A base that predicts other classes (another initialization) damps some tokens.
    const otherBase = initDense(arch, new Rng(40));
    const other = trainGrpoDenseClient(
      arch,
      g,
      data,
      indices,
      options({ batchSize: 6, localEpochs: 2, grpo: { ...grpo, balanceGuard: 3 } }),
      new Rng(9),
      { balance: otherBase },
    );
    expect(other.stats.guardWeight).toBeLessThan(1);
    expect(() => trainGrpoDenseClient(arch, g, data, indices, options({ grpo: { ...grpo, balanceGuard: 1 } }), new Rng(9))).toThrow(
      /balance/,
    );
  });

  it('augmented views: deterministic per seed, no tensors left, KL on the views from the first step when anchored elsewhere', () => {
    const g = sharpen(global);
    const aug = options({ batchSize: 6, grpo: { ...grpo, augment: { shift: 1, noise: 0.1 } } });
    const live = tf.memory().numTensors;
    const a = trainGrpoDenseClient(arch, g, data, indices, aug, new Rng(9), { reference: global });
    expect(tf.memory().numTensors).toBe(live);
    const b = trainGrpoDenseClient(arch, g, data, indices, aug, new Rng(9), { reference: global });
    expect(Array.from(b.delta)).toEqual(Array.from(a.delta));
    expect(a.stats.klLoss).toBeGreaterThan(0);
    expect(a.stats.steps).toBe(n / 6);
    const plain = trainGrpoDenseClient(arch, g, data, indices, options({ batchSize: 6 }), new Rng(9), { reference: global });
    expect(Array.from(plain.delta)).not.toEqual(Array.from(a.delta));
  });

  it("'round' rollout: samples once from the received model, the clip binds later", () => {
    const g = sharpen(global);
    const r = trainGrpoDenseClient(
      arch,
      g,
      data,
      indices,
      options({ batchSize: 6, localEpochs: 6, lr: 1, grpo: { ...grpo, rollout: 'round' } }),
      new Rng(9),
    );
    expect(r.stats.klLoss).toBeGreaterThan(0);
    expect(r.stats.clipFraction).toBeGreaterThan(0);
    const s = trainGrpoDenseClient(arch, g, data, indices, options({ batchSize: 6, localEpochs: 6, lr: 1 }), new Rng(9));
    expect(s.stats.clipFraction).toBe(0); // on-policy: ratio 1
  });
});
