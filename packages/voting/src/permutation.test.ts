import { describe, expect, it } from 'vitest';
import { Rng } from '@fedrank/random';
import { inversePermutation, isPermutation, validatePermutation } from './permutation.js';

describe('inversePermutation', () => {
  it('inverts random permutations', () => {
    const rng = new Rng(10);
    for (const n of [0, 1, 2, 17, 1000]) {
      const p = rng.permutation(n);
      const inv = inversePermutation(p);
      for (let i = 0; i < n; i++) {
        expect(inv[p[i]]).toBe(i);
        expect(p[inv[i]]).toBe(i);
      }
      const out = new Uint32Array(n);
      expect(inversePermutation(p, out)).toBe(out);
      expect(out).toEqual(inv);
    }
  });

  it('rejects a wrong-sized or aliased out', () => {
    const p = new Uint32Array([1, 0, 2]);
    expect(() => inversePermutation(p, new Uint32Array(2))).toThrow(RangeError);
    expect(() => inversePermutation(p, p)).toThrow(RangeError);
  });
});

describe('isPermutation / validatePermutation', () => {
  it('accepts permutations of any array-like type', () => {
    const rng = new Rng(11);
    expect(isPermutation([], 0)).toBe(true);
    expect(isPermutation([0], 1)).toBe(true);
    expect(isPermutation(rng.permutation(500), 500)).toBe(true);
    expect(isPermutation(new Float64Array([2, 0, 1]), 3)).toBe(true);
    expect(isPermutation([1, -0, 2], 3)).toBe(true);
    expect(validatePermutation(new Int32Array([3, 1, 0, 2]), 4)).toBeNull();
  });

  it('rejects wrong length, duplicates, out-of-range values and non-integers', () => {
    expect(validatePermutation([0, 1, 2, 3, 4], 6)).toBe('length 5, expected 6');
    expect(validatePermutation([0, 1, 2], 2)).toBe('length 3, expected 2');
    expect(validatePermutation([0, 3, 1, 3, 2, 4], 6)).toBe('duplicate edge id 3');
    expect(validatePermutation([0, 1, 9, 3, 2, 4], 6)).toBe('value 9 out of range [0,6)');
    expect(validatePermutation([0, -1, 2], 3)).toBe('value -1 out of range [0,3)');
    expect(validatePermutation([0, 1.5, 2], 3)).toMatch(/not an integer/);
    expect(validatePermutation([0, NaN, 2], 3)).toMatch(/NaN.*not an integer/);
    expect(validatePermutation([0, Infinity, 2], 3)).toMatch(/not an integer/);
    expect(validatePermutation([0, 1], 1.5)).toMatch(/invalid size/);
    expect(isPermutation([0, 0], 2)).toBe(false);
    expect(isPermutation(new Uint32Array([1, 2]), 2)).toBe(false);
  });

  it('agrees with a brute-force check on random small arrays', () => {
    const rng = new Rng(12);
    for (let trial = 0; trial < 500; trial++) {
      const n = rng.int(6);
      const len = rng.float() < 0.8 ? n : rng.int(7);
      const arr = Array.from({ length: len }, () => rng.int(n + 2) - 1);
      const sorted = [...arr].sort((a, b) => a - b);
      const brute = len === n && sorted.every((v, i) => v === i);
      expect(isPermutation(arr, n)).toBe(brute);
    }
  });
});
