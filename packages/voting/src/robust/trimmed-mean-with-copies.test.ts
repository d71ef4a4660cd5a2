import { describe, expect, it } from 'vitest';
import { coordinateTrimmedMeanInto } from './trimmed-mean.js';
import { prepareTrimmedMeanWithCopies, trimmedMeanWithCopiesDistances, trimmedMeanWithCopiesInto } from './trimmed-mean-with-copies.js';

/** A small deterministic generator (no Math.random in tests). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('trimmed mean with copies of one update', () => {
  it('matches the sorting trimmed mean bit for bit, ties, signed zeros and extremes included', () => {
    const rand = lcg(7);
    // 800 coordinates: pools of 6 or more reach the native sort where it is built (>= 4096 values).
    const dim = 800;
    // Coarse values so that copies tie with pool values and pool values tie with each other.
    // On every third coordinate, +-1.5 * 2^20 (they cancel) and magnitudes from 1 down to 2^-40:
    // some spans are narrow enough for exact sums in any order, others are not, and the sum then
    // depends on the order.
    const wide = (j: number): boolean => j % 3 === 0;
    const value = (j: number): number => {
      const r = rand();
      if (r < 0.05) return -0;
      if (r < 0.1) return 0;
      if (r < 0.11) return 3e38;
      if (wide(j)) return (rand() < 0.5 ? -1 : 1) * (rand() < 0.5 ? 1.5 * 2 ** 20 : 2 ** -Math.floor(rand() * 40) * (1 + rand()));
      return Math.round((rand() - 0.5) * 16) / 4 + (r < 0.5 ? rand() * 1e-3 : 0);
    };
    for (const [n, copies, b] of [
      [1, 1, 0],
      [5, 1, 2],
      [7, 3, 2],
      [20, 5, 5],
      [25, 5, 0],
      [10, 6, 7],
      [4, 9, 6],
      [25, 2, 6],
      [25, 8, 3],
    ]) {
      const pool = Array.from({ length: n }, () => Float32Array.from({ length: dim }, (_, j) => value(j)));
      const prep = prepareTrimmedMeanWithCopies(pool, copies, b);
      if (2 * b > n) {
        // Fewer pool updates than the values dropped: declined (the caller runs the rule itself).
        expect(prep).toBeNull();
        continue;
      }
      for (let trial = 0; trial < 6; trial++) {
        const x = Float32Array.from({ length: dim }, (_, j) => (trial % 2 === 0 ? value(j) : pool[trial % n][j]));
        const want = new Float32Array(dim);
        coordinateTrimmedMeanInto([...Array.from({ length: copies }, () => x), ...pool], b, want, new Float64Array(n + copies));
        const got = new Float32Array(dim);
        trimmedMeanWithCopiesInto(prep!, x, got);
        expect(Array.from(got).map((v) => (Object.is(v, -0) ? '-0' : v))).toEqual(
          Array.from(want).map((v) => (Object.is(v, -0) ? '-0' : v)),
        );
      }
    }
  });

  it('gives the distance from the origin of the line point, bit for bit, natively or not', () => {
    const rand = lcg(11);
    const dim = 900;
    // Coarse pool values (ties) and, on every third coordinate, magnitudes too far apart for exact sums.
    const value = (j: number): number =>
      j % 3 === 0 ? (rand() < 0.5 ? -1 : 1) * 2 ** -Math.floor(rand() * 40) * (1 + rand()) : Math.round((rand() - 0.5) * 16) / 8;
    // Pools of 6 or more reach the native probe where it is built (>= 4096 values); 2 and 4 do not.
    for (const [n, copies, b] of [
      [2, 2, 1],
      [4, 9, 2],
      [7, 3, 2],
      [25, 5, 5],
      [25, 5, 0],
      [30, 10, 8],
    ]) {
      const pool = Array.from({ length: n }, () => Float32Array.from({ length: dim }, (_, j) => value(j)));
      const origin = Float64Array.from({ length: dim }, (_, j) => pool.reduce((s, u) => s + u[j], 0) / n);
      const dir = Float64Array.from({ length: dim }, (_, j) => (j % 5 === 0 ? 0 : Math.abs(value(j))));
      const prep = prepareTrimmedMeanWithCopies(pool, copies, b)!;
      const gammas = [0, 1e-6, 0.125, 0.75, 3, 10, -0.5];
      const want = gammas.map((gamma) => {
        const x = Float32Array.from({ length: dim }, (_, j) => origin[j] - gamma * dir[j]);
        const y = new Float32Array(dim);
        coordinateTrimmedMeanInto([...Array.from({ length: copies }, () => x), ...pool], b, y, new Float64Array(n + copies));
        let s = 0;
        for (let j = 0; j < dim; j++) s += (y[j] - origin[j]) ** 2;
        return Math.sqrt(s);
      });
      // One at a time, and several sharing a pass.
      expect(gammas.map((gamma) => trimmedMeanWithCopiesDistances(prep, origin, [gamma], dir)[0])).toEqual(want);
      expect([
        ...trimmedMeanWithCopiesDistances(prep, origin, gammas.slice(0, 4), dir),
        ...trimmedMeanWithCopiesDistances(prep, origin, gammas.slice(4), dir),
      ]).toEqual(want);
    }
  });

  it("gives the pool's mean and deviation in the pool's order, and overwrites an earlier preparation's arrays", () => {
    const rand = lcg(3);
    const dim = 900;
    // 25 x 900 reaches the native kernel where it is built; 3 x 900 does not.
    for (const [n, b] of [
      [25, 5],
      [3, 1],
    ]) {
      const make = (): Float32Array[] =>
        Array.from({ length: n }, () => Float32Array.from({ length: dim }, () => (rand() - 0.5) * 2 ** (rand() * 20 - 10)));
      const pool = make();
      const prep = prepareTrimmedMeanWithCopies(pool, 4, b)!;
      for (let j = 0; j < dim; j++) {
        let sum = 0;
        for (const u of pool) sum += u[j];
        const m = sum * (1 / n);
        let q = 0;
        for (const u of pool) q += (u[j] - m) * (u[j] - m);
        expect(prep.mean[j]).toBe(m);
        expect(prep.std[j]).toBe(Math.sqrt(q * (1 / (n - 1))));
      }
      const other = make();
      const fresh = prepareTrimmedMeanWithCopies(other, 4, b)!;
      const reused = prepareTrimmedMeanWithCopies(other, 4, b, prep)!;
      expect(reused.tails).toBe(prep.tails);
      expect(reused.mean).toBe(prep.mean);
      for (const key of ['tails', 'middle', 'minAbs', 'maxAbs', 'mean', 'std'] as const) expect(reused[key]).toEqual(fresh[key]);
    }
  });

  it('declines a pool with a value that is not finite', () => {
    expect(prepareTrimmedMeanWithCopies([Float32Array.of(1, 2), Float32Array.of(NaN, 0)], 1, 0)).toBeNull();
    expect(prepareTrimmedMeanWithCopies([Float32Array.of(1, Infinity)], 1, 0)).toBeNull();
    expect(prepareTrimmedMeanWithCopies([Float32Array.of(1, 2)], 1, 0)).not.toBeNull();
    const big = Array.from({ length: 8 }, () => new Float32Array(1000).fill(0.5));
    expect(prepareTrimmedMeanWithCopies(big, 2, 1)).not.toBeNull();
    big[5][777] = -Infinity;
    expect(prepareTrimmedMeanWithCopies(big, 2, 1)).toBeNull();
  });
});
