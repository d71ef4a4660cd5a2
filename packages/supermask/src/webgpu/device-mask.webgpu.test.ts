/**
 * The WGSL keep mask (device-mask.ts) against the CPU's `maskedWeights`, which must agree exactly:
 * the same edges kept, for both rules, on random scores with forced ties (values drawn from a few
 * levels, ±0 among them, so that the threshold falls inside a run of equal keys), on layers of
 * several sizes including one of more than 2^11 edges (two index passes) and keep fractions at
 * and near the ends. Webgpu test project (`npm run test:webgpu`, SwiftShader).
 */
import * as tf from '@tensorflow/tfjs';
import { Rng } from '@fedrank/random';
import { initBackend } from '@fedrank/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { MASK_RULES, maskedWeights, type MaskRule } from '../mask-rule.js';
import { maskedWeightsOnDevice } from './device-mask.js';

function scoresWithTies(rng: Rng, n: number, levels: number): Float32Array {
  const values = [0, -0, ...Array.from({ length: levels }, () => rng.normal())];
  return Float32Array.from({ length: n }, () => {
    const v = values[rng.int(values.length)];
    return rng.float() < 0.5 ? -v : v;
  });
}

async function keptOnDevice(scores: Float32Array, keep: number, rule: MaskRule): Promise<Uint8Array> {
  const out = tf.tidy(() => maskedWeightsOnDevice(tf.tensor1d(scores), tf.ones([scores.length]), keep, rule));
  const values = await out.data();
  out.dispose();
  return Uint8Array.from(values, (v) => (v !== 0 ? 1 : 0));
}

function keptOnCpu(scores: Float32Array, keep: number, rule: MaskRule): Uint8Array {
  const out = new Float32Array(scores.length);
  maskedWeights(scores, new Float32Array(scores.length).fill(1), keep, rule, out);
  return Uint8Array.from(out, (v) => (v !== 0 ? 1 : 0));
}

function firstDifference(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return i;
  return -1;
}

describe('the keep mask on webgpu', () => {
  beforeAll(async () => {
    await initBackend('webgpu');
  });

  it.each(MASK_RULES)('%s: the same edges as on the CPU, ties included', async (rule) => {
    const rng = new Rng(11);
    const cases: [number, number, number][] = [
      // [n, distinct levels, keep]
      [1, 3, 0.5],
      [7, 2, 0.5],
      [288, 4, 0.5],
      [1000, 1, 0.3],
      [2500, 6, 0.5],
      [5000, 3, 0.01],
      [5000, 3, 0.99],
      [3000, 2000, 0.5],
      [600, 5, 0],
      [600, 5, 1],
    ];
    for (const [n, levels, keep] of cases) {
      const scores = levels >= n ? Float32Array.from({ length: n }, () => rng.normal()) : scoresWithTies(rng, n, levels);
      const cpu = keptOnCpu(scores, keep, rule);
      const gpu = await keptOnDevice(scores, keep, rule);
      expect(firstDifference(gpu, cpu), `n=${n} levels=${levels} keep=${keep}`).toBe(-1);
      expect(gpu.reduce((a, b) => a + b, 0)).toBe(n - Math.floor((1 - keep) * n));
    }
  });
});
