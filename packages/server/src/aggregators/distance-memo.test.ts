/**
 * pairwiseSquaredDistances through a DistanceMemo: the same values as without it, bit for bit
 * (copies and fresh arrays among remembered ones, native and JavaScript lengths), and the pairs
 * the memo holds are taken from it rather than computed again.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '@fedrank/random';
import { pairwiseSquaredDistances } from './common.js';
import { DistanceMemo } from './distance-memo.js';

const vectors = (rng: Rng, n: number, dim: number): Float32Array[] =>
  Array.from({ length: n }, () => Float32Array.from({ length: dim }, () => rng.normal() * 1e3));

describe('DistanceMemo', () => {
  for (const dim of [300, 9000]) {
    it(`gives the distances computed without it, bit for bit (${dim} coordinates)`, () => {
      const rng = new Rng(dim);
      const memo = new DistanceMemo();
      const pool = vectors(rng, 11, dim);
      expect(pairwiseSquaredDistances(pool, memo)).toEqual(pairwiseSquaredDistances(pool));
      for (let probe = 0; probe < 3; probe++) {
        // Copies of a fresh array among the pool, then two fresh arrays interleaved with it.
        const [x, y] = vectors(rng, 2, dim);
        const withCopies = [x, x, x, ...pool];
        expect(pairwiseSquaredDistances(withCopies, memo)).toEqual(pairwiseSquaredDistances(withCopies));
        const mixed = [pool[3], y, x, pool[0], y, ...pool.slice(5)];
        expect(pairwiseSquaredDistances(mixed, memo)).toEqual(pairwiseSquaredDistances(mixed));
      }
      // Many fresh arrays at once (the native kernel then transposes rather than pairing one by one).
      const many = [...vectors(rng, 9, dim), ...pool];
      expect(pairwiseSquaredDistances(many, memo)).toEqual(pairwiseSquaredDistances(many));
    });
  }

  it("computes only the new arrays' pairs when they come before the remembered ones", () => {
    const [a, b, c, x] = vectors(new Rng(4), 4, 50);
    const memo = new DistanceMemo();
    memo.set(a, b, 1);
    memo.set(a, c, 2);
    memo.set(b, c, 3);
    const d = pairwiseSquaredDistances([x, x, a, b, c], memo);
    // The pool's pairs come from the memo (the recorded values), x's are computed.
    expect([d[2 * 5 + 3], d[2 * 5 + 4], d[3 * 5 + 4]]).toEqual([1, 2, 3]);
    expect(d[0 * 5 + 2]).toBe(pairwiseSquaredDistances([x, a])[1]);
  });

  it('takes the pairs it holds from the memo', () => {
    const [a, b, c] = vectors(new Rng(3), 3, 50);
    const memo = new DistanceMemo();
    memo.set(a, b, 123);
    memo.set(a, c, 456);
    memo.set(b, c, 789);
    expect(Array.from(pairwiseSquaredDistances([a, b, c, a], memo))).toEqual([
      0, 123, 456, 0, 123, 0, 789, 123, 456, 789, 0, 456, 0, 123, 456, 0,
    ]);
  });
});
