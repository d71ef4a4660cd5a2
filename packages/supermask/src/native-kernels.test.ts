/**
 * The native addon's SGD step and keep mask against the JavaScript versions: bit-identical
 * results, including zeros of both signs, ties at the threshold and NaN scores.
 */
import { loadNative } from '@fedrank/native';
import { nativeGate } from '@fedrank/native/testing';
import { Rng } from '@fedrank/random';
import { describe, expect, it } from 'vitest';
import { maskedWeights, type MaskRule } from './mask-rule.js';
import { SgdMomentum, type StraightThrough } from './sgd.js';

const gate = nativeGate();

function scoresWithEdgeCases(rng: Rng, n: number): Float32Array {
  const s = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const r = rng.float();
    // Ties (a few repeated values), signed zeros and ordinary normals.
    s[i] = r < 0.05 ? 0.25 : r < 0.08 ? -0.25 : r < 0.1 ? 0 : r < 0.12 ? -0 : rng.normal() * 0.1;
  }
  return s;
}

function bits(a: Float32Array): number[] {
  return Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));
}

describe.runIf(gate.run)(`native typed-array kernels${gate.reason ? ` (${gate.reason})` : ''}`, () => {
  it('loads', () => {
    expect(loadNative()).toMatchObject({ available: true });
  });

  it.each(['none', 'abs', 'signed'] as StraightThrough[])('SGD step (%s) is bit-identical to the JavaScript loop', (mode) => {
    const rng = new Rng(11).derive('sgd', mode);
    const n = 20_011;
    const params = scoresWithEdgeCases(rng, n);
    const weights = Float32Array.from({ length: n }, () => rng.normal() * 0.05);
    const js = Float32Array.from(params);
    const optNative = new SgdMomentum([n], { momentum: 0.9, weightDecay: 1e-4 }, true);
    const optJs = new SgdMomentum([n], { momentum: 0.9, weightDecay: 1e-4 }, false);
    for (let step = 0; step < 4; step++) {
      const grads = Float32Array.from({ length: n }, () => (rng.float() < 0.02 ? 0 : rng.normal() * 1e-3));
      optNative.step([params], [Float32Array.from(grads)], 0.3 / (step + 1), mode, [weights]);
      optJs.step([js], [Float32Array.from(grads)], 0.3 / (step + 1), mode, [weights]);
      expect(bits(params)).toEqual(bits(js));
    }
  });

  it.each(['reference', 'top-rank'] as MaskRule[])('keep mask (%s) is bit-identical, ties and NaN included', (rule) => {
    const rng = new Rng(12).derive('mask', rule);
    for (const [n, keep] of [
      [1, 0.5],
      [2, 0.5],
      [7, 0.3],
      [1000, 0.5],
      [65_537, 0.5],
      [100_003, 0.1],
      [100_003, 0.9],
    ] as const) {
      const scores = scoresWithEdgeCases(rng, n);
      if (n > 10) scores[3] = NaN;
      const weights = Float32Array.from({ length: n }, () => rng.normal());
      const outNative = new Float32Array(n);
      const outJs = new Float32Array(n);
      const keptNative = maskedWeights(scores, weights, keep, rule, outNative, true);
      const keptJs = maskedWeights(scores, weights, keep, rule, outJs, false);
      expect(keptNative).toBe(keptJs);
      expect(bits(outNative)).toEqual(bits(outJs));
    }
  });

  it('rejects arrays of different lengths with an error instead of reading past them', () => {
    const native = loadNative();
    if (!native.available) throw new Error(native.reason);
    expect(() => native.kernels.maskedWeights(0, new Float32Array(10), new Float32Array(9), 5, new Float32Array(10))).toThrow(
      /differ in length/,
    );
    expect(() => native.kernels.sgdStep(1, new Float32Array(4), new Float32Array(4), null, new Float32Array(4), 0.1, 0.9, 0)).toThrow(
      /weights/,
    );
  });

  it('band kernels reject bad arguments with an error instead of reading past them', () => {
    const native = loadNative();
    if (!native.available) throw new Error(native.reason);
    const f = (n: number) => new Float32Array(n);
    const keys = new Uint32Array(8);
    const io = Float64Array.from([0, 100, 0, 0, 0]);
    expect(() => native.kernels.maskBand(0, f(10), f(9), 5, f(10), keys, new Uint32Array(8), io)).toThrow(/differ in length/);
    expect(() => native.kernels.maskBand(0, f(10), f(10), 5, f(10), keys, new Uint32Array(7), io)).toThrow(/candKeys and candIdx/);
    expect(() => native.kernels.maskBand(0, f(10), f(10), 10, f(10), keys, new Uint32Array(8), io)).toThrow(/pruned/);
    expect(() => native.kernels.maskBand(0, f(10), f(10), 5, f(10), keys, new Uint32Array(8), Float64Array.from([9, 1, 0, 0, 0]))).toThrow(
      /lo <= hi/,
    );
    expect(() => native.kernels.sgdStepMaskBand(1, f(10), f(10), 5, f(10), keys, new Uint32Array(8), io, f(10), f(9), 0.1, 0.9, 0)).toThrow(
      /differ in length/,
    );
  });
});
