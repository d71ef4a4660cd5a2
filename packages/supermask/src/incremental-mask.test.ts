/**
 * The incremental keep mask against a full selection: in real supermask training runs (the
 * trainer's own steps on synthetic data), on every step, both rules, native and JavaScript, with
 * scores quantized so that many are tied and half the inputs always zero so those edges keep
 * their ties from step to step; and directly, with threshold jumps and NaN scores.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { makeSynthetic } from '@fedrank/data';
import { nativeGate } from '@fedrank/native/testing';
import { Rng } from '@fedrank/random';
import { maskZeros } from '@fedrank/voting';
import { buildArchitecture } from './architectures.js';
import { IncrementalMask } from './incremental-mask.js';
import { initSupermask } from './init.js';
import { absKey, floatOrderKey } from './mask-keys.js';
import { maskedWeights, type MaskRule } from './mask-rule.js';
import { SupermaskClientTrainer } from './supermask-client.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const gate = nativeGate();
const kernels: { name: string; useNative: boolean }[] = [
  { name: 'JavaScript', useNative: false },
  ...(gate.run ? [{ name: 'native', useNative: true }] : []),
];

/** The first index where a and b differ in their float bits (-1: bit-identical). */
function firstDifference(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  const x = new Uint32Array(a.buffer, a.byteOffset, a.length);
  const y = new Uint32Array(b.buffer, b.byteOffset, b.length);
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return i;
  return -1;
}

function fullMask(scores: Float32Array, weights: Float32Array, keep: number, rule: MaskRule, useNative: boolean): Float32Array {
  const out = new Float32Array(scores.length);
  maskedWeights(scores, weights, keep, rule, out, useNative);
  return out;
}

/** How many scores share the threshold's key (the largest pruned key). */
function tiesAtThreshold(scores: Float32Array, keep: number, rule: MaskRule): number {
  const key = rule === 'reference' ? absKey : floatOrderKey;
  const keys = Float64Array.from(scores, key).sort();
  const t = keys[maskZeros(scores.length, keep) - 1];
  return keys.filter((k) => k === t).length;
}

describe('IncrementalMask in supermask training', () => {
  const data = makeSynthetic({ trainSize: 48, testSize: 1, height: 6, width: 6, channels: 1, numClasses: 4, seed: 5 }).train;
  // Half the pixels always 0: their first-layer edges get no gradient, so their tied scores stay tied.
  for (let i = 0; i < data.images.length; i++) if (i % 36 < 18) data.images[i] = 0;
  const arch = buildArchitecture('mlp', { height: 6, width: 6, channels: 1, numClasses: 4 }, { hidden: [40] });
  const init = initSupermask(arch, new Rng(7));
  // Scores on a grid of 9 values per layer (zeros of both signs included): many ties everywhere.
  const scores = init.scores.map((s, l) => {
    const bound = 1 / Math.sqrt(arch.layers[l].fanIn);
    return Float32Array.from(s, (v, i) => (i % 97 === 0 ? -0 : (Math.round((v / bound) * 4) / 4) * bound));
  });
  const indices = Uint32Array.from({ length: data.count }, (_, i) => i);

  for (const { name, useNative } of kernels) {
    for (const [rule, keep] of [
      ['reference', 0.5],
      ['top-rank', 0.5],
      ['reference', 0.3],
      ['top-rank', 0.7],
    ] as [MaskRule, number][]) {
      it(`${name}, ${rule}, keep ${keep}: every step's mask is the full selection's, ties included`, async () => {
        const opts = { localEpochs: 3, batchSize: 4, lr: 0.4, momentum: 0.9, weightDecay: 1e-4, keep, maskRule: rule };
        const t = new SupermaskClientTrainer(arch, init.weights, scores, data, indices, opts, new Rng(3), useNative);
        let steps = 0;
        let tiedSteps = 0;
        do {
          const got = t.maskedWeights;
          t.scores.forEach((s, l) => {
            expect(firstDifference(got[l], fullMask(s, init.weights[l], keep, rule, false)), `step ${steps}, layer ${l}`).toBe(-1);
          });
          if (tiesAtThreshold(t.scores[0], keep, rule) > 1) tiedSteps++;
          steps++;
        } while (await t.step());
        const last = t.maskedWeights;
        t.scores.forEach((s, l) => expect(firstDifference(last[l], fullMask(s, init.weights[l], keep, rule, false))).toBe(-1));
        expect(steps).toBe(36);
        // The run did exercise what it claims: ties at the threshold, and masks found from bands.
        expect(tiedSteps).toBeGreaterThan(steps / 2);
        expect(t.maskCounts.band).toBeGreaterThan(steps);
        // The scores trained as with a full selection at every step (the golden runs rely on this).
        const reference = new SupermaskClientTrainer(arch, init.weights, scores, data, indices, opts, new Rng(3), false);
        await reference.train();
        reference.scores.forEach((s, l) => expect(firstDifference(t.scores[l], s)).toBe(-1));
      });
    }
  }
});

describe('IncrementalMask across jumps of the threshold and NaN scores', () => {
  for (const { name, useNative } of kernels) {
    for (const rule of ['reference', 'top-rank'] as MaskRule[]) {
      it(`${name}, ${rule}: widens the band or selects in full, and stays exact`, () => {
        const rng = new Rng(21).derive(rule, name);
        const n = 30_011;
        const keep = 0.5;
        const scores = Float32Array.from({ length: n }, () => (rng.float() < 0.1 ? 0.125 : rng.normal() * 0.01));
        const weights = Float32Array.from({ length: n }, () => (rng.float() < 0.5 ? -0.3 : 0.3));
        const out = new Float32Array(n);
        const mask = new IncrementalMask([n], keep, rule, useNative);
        mask.full(0, scores, weights, out);
        const buffer = new Float32Array(n);
        // Small steps (bands), then a large one (the threshold jumps far out of the band), then NaN.
        const sizes = [1e-4, 1e-4, 1e-4, 1e-4, 0.05, 1e-4, 1e-4, 'nan', 1e-4] as const;
        for (const size of sizes) {
          const grads = Float32Array.from({ length: n }, () => (size === 'nan' ? 0 : rng.normal() * size));
          if (size === 'nan') scores[17] = NaN;
          if (mask.tracks(0)) mask.sgdStep(0, scores, weights, out, { grads, buffer, lr: 1, momentum: 0.5, weightDecay: 0 });
          else {
            // What SgdMomentum.stepMasked does for an untracked layer, with the plain step skipped.
            mask.full(0, scores, weights, out);
          }
          expect(firstDifference(out, fullMask(scores, weights, keep, rule, false))).toBe(-1);
        }
        expect(mask.counts.band).toBeGreaterThan(3);
        expect(mask.counts.widened + mask.counts.full).toBeGreaterThan(1);
      });
    }
  }
});
