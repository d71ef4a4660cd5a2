import { describe, expect, it } from 'vitest';
import { cosineEpochLr, SgdMomentum } from './sgd.js';

describe('SgdMomentum', () => {
  it('matches PyTorch SGD(momentum, weight_decay) on a hand-computed sequence', () => {
    const p = Float32Array.from([1, -2]);
    const opt = new SgdMomentum([2], { momentum: 0.9, weightDecay: 0.1 });
    opt.step([p], [Float32Array.from([0.5, 0.5])], 0.1);
    // d = g + 0.1 p = [0.6, 0.3]; buf = d; p -= 0.1 d
    expect(p[0]).toBeCloseTo(0.94, 6);
    expect(p[1]).toBeCloseTo(-2.03, 6);
    opt.step([p], [Float32Array.from([0, 0])], 0.1);
    // d = 0.1 p = [0.094, -0.203]; buf = 0.9*[0.6,0.3] + d = [0.634, 0.067]
    expect(p[0]).toBeCloseTo(0.94 - 0.0634, 6);
    expect(p[1]).toBeCloseTo(-2.03 - 0.0067, 6);
  });

  it('applies the straight-through gradient of the scores in the same pass', () => {
    const g = Float32Array.from([0.5, -1, 2, 3]);
    const w = Float32Array.from([0.2, 0.2, -0.2, -0.2]);
    const abs = Float32Array.from([0.3, -0.4, -0.1, 0]);
    new SgdMomentum([4], { momentum: 0.9, weightDecay: 0 }).step([abs], [Float32Array.from(g)], 1, 'abs', [w]);
    // dL/ds = g * w * sign(s) = [0.1, 0.2, 0.4, 0]
    expect(Array.from(abs).map((v) => +v.toFixed(6))).toEqual([0.2, -0.6, -0.5, 0]);
    const signed = Float32Array.from([0.3, -0.4, -0.1, 0]);
    new SgdMomentum([4], { momentum: 0.9, weightDecay: 0 }).step([signed], [Float32Array.from(g)], 1, 'signed', [w]);
    // dL/ds = g * w = [0.1, -0.2, -0.4, -0.6]
    expect(Array.from(signed).map((v) => +v.toFixed(6))).toEqual([0.2, -0.2, 0.3, 0.6]);
  });

  it('anneals the learning rate by cosine over local epochs (1 then 0.5 for two epochs)', () => {
    expect(cosineEpochLr(0.4, 0, 2)).toBeCloseTo(0.4);
    expect(cosineEpochLr(0.4, 1, 2)).toBeCloseTo(0.2);
    expect(cosineEpochLr(1, 2, 5)).toBeCloseTo((1 + Math.cos((2 * Math.PI) / 5)) / 2);
  });
});
