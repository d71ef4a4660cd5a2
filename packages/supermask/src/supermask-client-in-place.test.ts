/**
 * On wasm the trainer reads gradients and writes the next weights in place on the heap: every
 * step's effective weights and the final scores must be bit-identical to the copying path, for a
 * dense and a convolutional network, both mask rules, with a label flipper among them.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { makeSynthetic } from '@fedrank/data';
import { Rng } from '@fedrank/random';
import { initBackend } from '@fedrank/tensor';
import { buildArchitecture } from './architectures.js';
import { architectureFromLayers } from './layer-list.js';
import { initSupermask } from './init.js';
import type { MaskRule } from './mask-rule.js';
import { SupermaskClientTrainer } from './supermask-client.js';

beforeAll(async () => {
  await initBackend('wasm');
});

const bits = (a: Float32Array): Uint32Array => new Uint32Array(a.buffer, a.byteOffset, a.length);

describe('supermask training in place on the wasm heap', () => {
  const shape = { height: 8, width: 8, channels: 1, numClasses: 4 };
  const data = makeSynthetic({ trainSize: 40, testSize: 1, ...shape, seed: 3 }).train;
  const indices = Uint32Array.from({ length: data.count }, (_, i) => i);
  const cases: { name: string; layers: () => ReturnType<typeof buildArchitecture>; rule: MaskRule; labelFlip: boolean }[] = [
    { name: 'mlp, reference rule', layers: () => buildArchitecture('mlp', shape, { hidden: [24] }), rule: 'reference', labelFlip: false },
    {
      name: 'a small CNN (Winograd-sized convs), top-rank rule, label flipper',
      layers: () =>
        architectureFromLayers('small-cnn', [{ conv: 16 }, 'relu', { conv: 16 }, 'relu', 'pool', 'flatten', { dense: 'classes' }], shape),
      rule: 'top-rank',
      labelFlip: true,
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      expect(tf.getBackend()).toBe('wasm');
      const arch = c.layers();
      const init = initSupermask(arch, new Rng(4));
      const opts = {
        localEpochs: 2,
        batchSize: 8,
        lr: 0.4,
        momentum: 0.9,
        weightDecay: 1e-4,
        keep: 0.5,
        maskRule: c.rule,
        labelFlip: c.labelFlip,
      };
      const inPlace = new SupermaskClientTrainer(arch, init.weights, init.scores, data, indices, opts, new Rng(6), true, true);
      const copying = new SupermaskClientTrainer(arch, init.weights, init.scores, data, indices, opts, new Rng(6), true, false);
      const before = tf.memory().numTensors;
      let steps = 0;
      for (;;) {
        const a = inPlace.maskedWeights;
        const b = copying.maskedWeights;
        a.forEach((w, l) => expect(bits(w), `step ${steps}, layer ${l}`).toEqual(bits(b[l])));
        const [moreA, moreB] = [await inPlace.step(), await copying.step()];
        expect(moreA).toBe(moreB);
        steps++;
        if (!moreA) break;
      }
      const [ra, rb] = [inPlace.final(), copying.final()];
      expect(steps).toBe(10);
      expect(ra.meanLoss).toBe(rb.meanLoss);
      ra.scores.forEach((s, l) => expect(bits(s)).toEqual(bits(rb.scores[l])));
      // final() releases the heap weights: nothing is left behind.
      expect(tf.memory().numTensors).toBe(before);
    });
  }
});
