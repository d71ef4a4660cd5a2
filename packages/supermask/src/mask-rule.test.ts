import { describe, expect, it } from 'vitest';
import { Rng } from '@fedrank/random';
import { maskZeros } from '@fedrank/voting';
import { keepMask, maskedWeights } from './mask-rule.js';

describe('supermask keep rule', () => {
  it('keeps exactly n - floor((1-k) n) edges for many sizes and fractions', () => {
    const rng = new Rng(1);
    for (const n of [1, 2, 3, 7, 10, 101, 1000]) {
      for (const keep of [0.05, 0.3, 0.5, 0.7, 1]) {
        for (const rule of ['reference', 'top-rank'] as const) {
          const s = Float32Array.from({ length: n }, () => rng.float() * 2 - 1);
          const m = keepMask(s, keep, rule);
          expect(m.reduce((a, b) => a + b, 0)).toBe(n - maskZeros(n, keep));
        }
      }
    }
  });

  it('reference keeps the largest |score|, top-rank the largest signed score', () => {
    const s = Float32Array.from([-0.9, 0.1, 0.5, -0.2, 0.8, -0.05]);
    expect(Array.from(keepMask(s, 0.5, 'reference'))).toEqual([1, 0, 1, 0, 1, 0]);
    expect(Array.from(keepMask(s, 0.5, 'top-rank'))).toEqual([0, 1, 1, 0, 1, 0]);
  });

  it('keeps the exact count with ties at the threshold', () => {
    const s = Float32Array.from([0.5, -0.5, 0.5, 0.5, 0.1, 0.9]);
    const m = keepMask(s, 0.5, 'reference');
    expect(m.reduce((a, b) => a + b, 0)).toBe(3);
    expect(m[5]).toBe(1);
    expect(m[4]).toBe(0);
  });

  it('builds w * mask', () => {
    const s = Float32Array.from([0.1, -0.9, 0.3, 0.05]);
    const w = Float32Array.from([1, 2, 3, 4]);
    const out = new Float32Array(4);
    expect(maskedWeights(s, w, 0.5, 'reference', out)).toBe(2);
    expect(Array.from(out)).toEqual([0, 2, 3, 0]);
  });
});
