import { describe, expect, it } from 'vitest';
import { Rng } from '@fedrank/random';
import { inversePermutation } from '@fedrank/voting';
import { keptPositionMask, selectionBoundaries } from './ranking-common.js';
import { footrule, kendallTau, keptFlips } from './ranking-metrics.js';

const u32 = (xs: number[]) => Uint32Array.from(xs);

describe('ranking distances', () => {
  it('match hand-computed values', () => {
    const a = u32([0, 1, 2, 3]);
    expect(kendallTau(a, u32([1, 0, 2, 3]))).toBe(1);
    expect(footrule(a, u32([1, 0, 2, 3]))).toBe(2);
    expect(kendallTau(a, u32([3, 2, 1, 0]))).toBe(6);
    expect(footrule(a, u32([3, 2, 1, 0]))).toBe(8);
    const topHalf = keptPositionMask(4, 0.5, 'top-rank'); // [0,0,1,1]
    expect(keptFlips(a, u32([1, 0, 2, 3]), topHalf)).toBe(0);
    expect(keptFlips(a, u32([0, 2, 1, 3]), topHalf)).toBe(2);
    expect(keptFlips(a, a, topHalf)).toBe(0);
  });

  it('kendallTau equals the O(n^2) pair count', () => {
    const rng = new Rng(4);
    for (const n of [0, 1, 2, 17, 200]) {
      const a = rng.permutation(n);
      const b = rng.permutation(n);
      const pa = inversePermutation(a);
      const pb = inversePermutation(b);
      let pairs = 0;
      for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) if ((pa[i] - pa[j]) * (pb[i] - pb[j]) < 0) pairs++;
      expect(kendallTau(a, b)).toBe(pairs);
    }
  });
});

describe('kept positions', () => {
  it('top-rank keeps the last n - floor((1 - keep) n) positions', () => {
    expect(Array.from(keptPositionMask(5, 0.5, 'top-rank'))).toEqual([0, 0, 1, 1, 1]);
    expect(selectionBoundaries(keptPositionMask(5, 0.5, 'top-rank'))).toEqual([2]);
    expect(selectionBoundaries(keptPositionMask(5, 1, 'top-rank'))).toEqual([]);
  });

  it('reference keeps both ends (symmetric values), exactly topKMaskOfAbs when values are given', () => {
    expect(Array.from(keptPositionMask(8, 0.5))).toEqual([1, 1, 0, 0, 0, 0, 1, 1]);
    expect(selectionBoundaries(keptPositionMask(8, 0.5))).toEqual([2, 6]);
    expect(Array.from(keptPositionMask(5, 0.5))).toEqual([1, 0, 0, 1, 1]);
    const symmetric = Float32Array.from([-2, -1, 0, 1, 2]);
    expect(Array.from(keptPositionMask(5, 0.5, 'reference', symmetric))).toEqual([1, 0, 0, 1, 1]);
    const skewed = Float32Array.from([-0.1, 0.2, 0.3, 0.4, 0.5]);
    expect(Array.from(keptPositionMask(5, 0.5, 'reference', skewed))).toEqual([0, 0, 1, 1, 1]);
  });
});
