import { describe, expect, it } from 'vitest';
import { Rng } from '@fedrank/random';
import { BordaAccumulator, bordaRanking, bordaScores } from './borda.js';

/** Brute force: position by indexOf, then a stable sort by (score, edge id). */
function refBorda(rankings: Uint32Array[], n: number, weights?: number[]): { scores: number[]; ranking: number[] } {
  const scores = new Array<number>(n).fill(0);
  rankings.forEach((r, k) => {
    for (let e = 0; e < n; e++) scores[e] += (weights?.[k] ?? 1) * Array.prototype.indexOf.call(r, e);
  });
  const ranking = Array.from({ length: n }, (_, e) => e).sort((a, b) => scores[a] - scores[b] || a - b);
  return { scores, ranking };
}

describe('BordaAccumulator on large rankings (the native path where built)', () => {
  it('sums positions exactly and rejects a non-permutation without changing the sums', () => {
    const rng = new Rng(11);
    const n = 6000;
    const rankings = [0, 1, 2].map(() => rng.shuffle(Uint32Array.from({ length: n }, (_, i) => i)));
    const acc = new BordaAccumulator(n);
    for (const r of rankings) acc.add(r);
    const want = new Float64Array(n);
    for (const r of rankings) r.forEach((e, i) => (want[e] += i));
    expect(acc.scores()).toEqual(want);
    const duplicate = Uint32Array.from(rankings[0]);
    duplicate[4321] = duplicate[17];
    expect(() => acc.add(duplicate)).toThrow(/not a permutation/);
    const outOfRange = Uint32Array.from(rankings[1]);
    outOfRange[5999] = n;
    expect(() => acc.add(outOfRange)).toThrow(/not a permutation/);
    expect(acc.scores()).toEqual(want);
    acc.add(rankings[2]);
    for (let e = 0; e < n; e++) want[e] += rankings[2].indexOf(e);
    expect(acc.scores()).toEqual(want);
  });
});

describe('bordaScores / bordaRanking', () => {
  it('computes a hand-worked example (3 voters, 4 edges)', () => {
    const rankings = [new Uint32Array([0, 1, 2, 3]), new Uint32Array([3, 1, 0, 2]), new Uint32Array([1, 0, 3, 2])];
    // e0: 0+2+1 = 3, e1: 1+1+0 = 2, e2: 2+3+3 = 8, e3: 3+0+2 = 5
    expect(Array.from(bordaScores(rankings, 4))).toEqual([3, 2, 8, 5]);
    expect(Array.from(bordaRanking(rankings, 4))).toEqual([1, 0, 3, 2]);
  });

  it('breaks ties by edge id', () => {
    const rankings = [new Uint32Array([0, 1, 2]), new Uint32Array([2, 1, 0])];
    expect(Array.from(bordaScores(rankings, 3))).toEqual([2, 2, 2]);
    expect(Array.from(bordaRanking(rankings, 3))).toEqual([0, 1, 2]);
    expect(Array.from(bordaRanking([new Uint32Array([1, 0]), new Uint32Array([0, 1])], 2))).toEqual([0, 1]);
  });

  it('matches the brute force on random rankings', () => {
    const rng = new Rng(30);
    for (let trial = 0; trial < 80; trial++) {
      const n = rng.int(60);
      const m = rng.int(8);
      const rankings = Array.from({ length: m }, () => rng.permutation(n));
      const ref = refBorda(rankings, n);
      expect(Array.from(bordaScores(rankings, n))).toEqual(ref.scores);
      expect(Array.from(bordaRanking(rankings, n))).toEqual(ref.ranking);
    }
  });

  it('handles n = 0, n = 1 and no rankings', () => {
    expect(bordaScores([], 0).length).toBe(0);
    expect(bordaRanking([new Uint32Array(0)], 0).length).toBe(0);
    expect(Array.from(bordaScores([new Uint32Array([0]), new Uint32Array([0])], 1))).toEqual([0]);
    expect(Array.from(bordaRanking([], 3))).toEqual([0, 1, 2]);
  });

  it('keeps sums exact past 2^24 and writes into out', () => {
    const n = 1 << 16;
    const rng = new Rng(31);
    const m = 260;
    const rankings = Array.from({ length: m }, () => {
      const r = rng.permutation(n);
      // Put edge n-1 last, so its sum is m * (n - 1) = 17,039,100 > 2^24.
      const at = r.indexOf(n - 1);
      r[at] = r[n - 1];
      r[n - 1] = n - 1;
      return r;
    });
    const out = new Float64Array(n).fill(7);
    expect(bordaScores(rankings, n, out)).toBe(out);
    expect(out[n - 1]).toBe(m * (n - 1));
    expect(out[n - 1]).toBeGreaterThan(2 ** 24);
    let total = 0;
    for (let e = 0; e < n; e++) total += out[e];
    expect(total).toBe((m * n * (n - 1)) / 2); // each ranking contributes 0 + 1 + ... + n-1
    for (const e0 of [0, 12345, n - 2]) {
      let expected = 0;
      for (const r of rankings) expected += r.indexOf(e0);
      expect(out[e0]).toBe(expected);
    }
  });

  it('rejects non-permutations and wrong sizes, with a reason', () => {
    const ok = new Uint32Array([0, 1, 2]);
    expect(() => bordaScores([ok, new Uint32Array([0, 1, 1])], 3)).toThrow(/ranking 1.*duplicate edge id 1/);
    expect(() => bordaScores([new Uint32Array([0, 3, 1])], 3)).toThrow(/out of range/);
    expect(() => bordaScores([new Uint32Array([0, 1])], 3)).toThrow(/length 2, expected 3/);
    expect(() => bordaScores([ok], 3, new Float64Array(2))).toThrow(RangeError);
    expect(() => bordaScores([ok], -1)).toThrow(RangeError);
    // The shared scratch is left clean after a failure: a valid call still gives exact results.
    expect(Array.from(bordaScores([new Uint32Array([2, 0, 1])], 3))).toEqual([1, 2, 0]);
    // A value beyond n inside a larger, previously used scratch buffer is still caught.
    bordaScores([new Uint32Array(10).map((_, i) => i)], 10);
    expect(() => bordaScores([new Uint32Array([0, 1, 5])], 3)).toThrow(/out of range/);
    expect(Array.from(bordaScores([new Uint32Array([1, 2, 0])], 3))).toEqual([2, 0, 1]);
  });
});

describe('BordaAccumulator', () => {
  it('equals bordaScores when adding one by one, and merging is order-free', () => {
    const rng = new Rng(32);
    const n = 500;
    const rankings = Array.from({ length: 11 }, () => rng.permutation(n));
    const whole = new BordaAccumulator(n);
    for (const r of rankings) whole.add(r);
    expect(whole.count).toBe(11);
    expect(whole.scores()).toEqual(bordaScores(rankings, n));
    expect(whole.ranking()).toEqual(bordaRanking(rankings, n));

    const parts = [new BordaAccumulator(n), new BordaAccumulator(n), new BordaAccumulator(n)];
    rankings.forEach((r, k) => parts[k % 3].add(r));
    const merged = new BordaAccumulator(n);
    merged.merge(parts[2]);
    merged.merge(parts[0]);
    merged.mergeScores(parts[1].scores(), parts[1].count);
    expect(merged.count).toBe(11);
    expect(merged.totalWeight).toBe(11);
    expect(merged.scores()).toEqual(whole.scores());
    expect(merged.ranking(new Uint32Array(n))).toEqual(whole.ranking());
  });

  it('supports weights', () => {
    const rng = new Rng(33);
    for (let trial = 0; trial < 30; trial++) {
      const n = 1 + rng.int(40);
      const rankings = Array.from({ length: 1 + rng.int(6) }, () => rng.permutation(n));
      const weights = rankings.map(() => (rng.float() < 0.3 ? 1 : rng.int(5) * 0.5));
      const acc = new BordaAccumulator(n);
      rankings.forEach((r, k) => acc.add(r, weights[k]));
      const ref = refBorda(rankings, n, weights);
      expect(Array.from(acc.scores())).toEqual(ref.scores);
      expect(Array.from(acc.ranking())).toEqual(ref.ranking);
      expect(acc.totalWeight).toBeCloseTo(weights.reduce((a, b) => a + b, 0));
    }
  });

  it('leaves fractional weighted sums bit-identical after a rejected unweighted ranking', () => {
    const acc = new BordaAccumulator(4);
    acc.add(new Uint32Array([3, 2, 1, 0]), 0.1); // sums 0.1 * [3, 2, 1, 0]: (x + k) - k != x here
    const before = acc.scores();
    expect(() => acc.add(new Uint32Array([0, 0, 1, 2]))).toThrow(/duplicate edge id 0/);
    expect(acc.scores()).toEqual(before);
    const other = new BordaAccumulator(4);
    other.mergeScores(before, 1, 0.1);
    expect(() => other.add(new Uint32Array([0, 0, 1, 2]))).toThrow(RangeError);
    expect(other.scores()).toEqual(before);
  });

  it('leaves its state unchanged after a rejected ranking; validates inputs; resets', () => {
    const acc = new BordaAccumulator(4);
    acc.add(new Uint32Array([3, 2, 1, 0]));
    const before = acc.scores();
    // Fails on the last edge, after the first three were added: they are taken back exactly.
    expect(() => acc.add(new Uint32Array([0, 0, 1, 2]))).toThrow(/duplicate edge id 0/);
    expect(() => acc.add(new Uint32Array([2, 1, 0, 7]), 0.3)).toThrow(/value 7 out of range \[0,4\)/);
    expect(() => acc.add(new Uint32Array([1, 2, 3, 1]), 0.3)).toThrow(/duplicate edge id 1/);
    expect(() => acc.add(new Uint32Array([0, 1, 2]))).toThrow(/length 3, expected 4/);
    expect(() => acc.add(new Uint32Array([0, 1, 2, 3]), -1)).toThrow(/weight/);
    expect(() => acc.add(new Uint32Array([0, 1, 2, 3]), NaN)).toThrow(/weight/);
    expect(() => acc.merge(new BordaAccumulator(5))).toThrow(RangeError);
    expect(() => new BordaAccumulator(1.5)).toThrow(RangeError);
    expect(acc.scores()).toEqual(before);
    expect(acc.count).toBe(1);
    const s = acc.scores();
    s[0] = 99; // scores() is a copy
    expect(acc.scores()).toEqual(before);
    acc.reset();
    expect(acc.count).toBe(0);
    expect(Array.from(acc.scores())).toEqual([0, 0, 0, 0]);
    expect(Array.from(acc.ranking())).toEqual([0, 1, 2, 3]);
  });
});
