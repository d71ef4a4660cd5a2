import { describe, expect, it } from 'vitest';
import { Rng } from '@fedrank/random';
import { argsortFloat32 } from './argsort.js';
import { kthSmallest, maskZeros, topKMaskOfAbs, topKMaskOfRanking } from './select.js';

const SPECIALS = [0, -0, 1, -1, Infinity, -Infinity, NaN, 1e-45, -1e-45, 0.25, -0.25];

function randomScores(rng: Rng, n: number, mode: number): Float32Array {
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    if (mode === 0) a[i] = rng.uniform(-0.05, 0.05);
    else if (mode === 1) a[i] = rng.int(7) - 3;
    else if (mode === 2) a[i] = rng.float() < 0.3 ? SPECIALS[rng.int(SPECIALS.length)] : rng.normal();
    else a[i] = 1.5; // all ties
  }
  return a;
}

/** Reference mask: sort indices by |score| (NaN largest), ties by index; the first j get 0. */
function refMask(scores: Float32Array, keep: number): number[] {
  const n = scores.length;
  const j = Math.floor((1 - keep) * n);
  const key = (v: number): number => (Number.isNaN(v) ? Infinity : Math.abs(v));
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => {
    const x = key(scores[a]);
    const y = key(scores[b]);
    if (x === y) {
      const nx = Number.isNaN(scores[a]);
      const ny = Number.isNaN(scores[b]);
      if (nx !== ny) return nx ? 1 : -1; // NaN above +Infinity
      return a - b;
    }
    return x < y ? -1 : 1;
  });
  const mask = new Array<number>(n).fill(1);
  for (let i = 0; i < j; i++) mask[order[i]] = 0;
  return mask;
}

describe('kthSmallest', () => {
  it('equals values[argsort[k]] for every k on random inputs, leaving the input untouched', () => {
    const rng = new Rng(20);
    for (let trial = 0; trial < 60; trial++) {
      const n = 1 + rng.int(120);
      const v = randomScores(rng, n, trial % 4);
      const copy = v.slice();
      const order = argsortFloat32(v);
      for (let k = 0; k < n; k++) {
        const got = kthSmallest(v, k);
        expect(Object.is(got, v[order[k]])).toBe(true);
      }
      expect(v).toEqual(copy);
    }
  });

  it('works on a large input, with and without scratch, on subarray views', () => {
    const rng = new Rng(21);
    const n = 200_000;
    const buf = new Float32Array(n + 1);
    for (let i = 0; i < buf.length; i++) buf[i] = rng.uniform(-0.01, 0.01);
    const v = buf.subarray(1);
    const sorted = v.slice().sort();
    const scratch = new Float32Array(n);
    for (const k of [0, 1, n >> 1, n - 2, n - 1, rng.int(n)]) {
      expect(kthSmallest(v, k)).toBe(sorted[k]);
      expect(kthSmallest(v, k, scratch)).toBe(sorted[k]);
    }
  });

  it('rejects k out of range', () => {
    expect(() => kthSmallest(new Float32Array(0), 0)).toThrow(RangeError);
    expect(() => kthSmallest(new Float32Array(3), 3)).toThrow(RangeError);
    expect(() => kthSmallest(new Float32Array(3), -1)).toThrow(RangeError);
    expect(() => kthSmallest(new Float32Array(3), 0.5)).toThrow(RangeError);
    expect(kthSmallest(new Float32Array([7]), 0)).toBe(7);
    expect(kthSmallest(new Float32Array([NaN, 1]), 1)).toBeNaN();
    expect(Object.is(kthSmallest(new Float32Array([0, -0]), 0), -0)).toBe(true);
  });
});

describe('topKMaskOfAbs', () => {
  it('matches a sort-based reference (ties at the threshold: lower index gets 0)', () => {
    const rng = new Rng(22);
    const keeps = [0, 0.1, 0.25, 0.3, 0.5, 0.7, 0.9, 0.99, 1];
    for (let trial = 0; trial < 200; trial++) {
      const n = rng.int(150);
      const v = randomScores(rng, n, trial % 4);
      const keep = keeps[trial % keeps.length];
      expect(Array.from(topKMaskOfAbs(v, keep))).toEqual(refMask(v, keep));
      const f = topKMaskOfAbs(v, keep, new Float32Array(n));
      expect(Array.from(f)).toEqual(refMask(v, keep));
    }
  });

  it('has exactly n - floor((1 - keep) n) ones for many n and keep', () => {
    const rng = new Rng(23);
    for (let n = 0; n <= 64; n++) {
      const v = randomScores(rng, n, n % 4);
      for (const keep of [0, 0.01, 0.2, 1 / 3, 0.5, 0.6, 0.75, 0.9, 1]) {
        const mask = topKMaskOfAbs(v, keep);
        const ones = mask.reduce((s, x) => s + x, 0);
        expect(ones).toBe(n - Math.floor((1 - keep) * n));
      }
      expect(topKMaskOfAbs(v, 1).every((x) => x === 1)).toBe(true);
      expect(topKMaskOfAbs(v, 0).every((x) => x === 0)).toBe(true);
      if (n % 2 === 1) {
        expect(topKMaskOfAbs(v, 0.5).reduce((s, x) => s + x, 0)).toBe(n - Math.floor(n / 2));
      }
    }
  });

  it('counts ties at the threshold exactly on a large tied input', () => {
    const n = 100_001;
    const v = new Float32Array(n);
    for (let i = 0; i < n; i++) v[i] = (i % 3) - 1; // |v| in {0, 1}: a third are 0
    const mask = topKMaskOfAbs(v, 0.5);
    const zeros = Math.floor(0.5 * n);
    expect(mask.reduce((s, x) => s + x, 0)).toBe(n - zeros);
    // All |v| = 0 edges (i % 3 == 1) get 0, then the lowest-index |v| = 1 edges.
    const zeroEdges = Math.ceil((n - 1) / 3);
    let extra = zeros - zeroEdges;
    const expected = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      if (i % 3 === 1) expected[i] = 0;
      else if (extra > 0) {
        expected[i] = 0;
        extra--;
      } else expected[i] = 1;
    }
    expect(mask).toEqual(expected);
  });

  it('validates keep and out', () => {
    const v = new Float32Array(4);
    expect(() => topKMaskOfAbs(v, 1.5)).toThrow(RangeError);
    expect(() => topKMaskOfAbs(v, -0.1)).toThrow(RangeError);
    expect(() => topKMaskOfAbs(v, NaN)).toThrow(RangeError);
    expect(() => topKMaskOfAbs(v, 0.5, new Uint8Array(3))).toThrow(RangeError);
    const out = new Uint8Array(4);
    expect(topKMaskOfAbs(v, 0.5, out)).toBe(out);
  });
});

describe('topKMaskOfRanking', () => {
  it('sets ones for the last n - j entries of the ranking', () => {
    const rng = new Rng(24);
    for (let n = 0; n <= 40; n++) {
      const ranking = rng.permutation(n);
      for (const keep of [0, 0.3, 0.5, 0.8, 1]) {
        const j = maskZeros(n, keep);
        const mask = topKMaskOfRanking(ranking, keep);
        for (let i = 0; i < n; i++) expect(mask[ranking[i]]).toBe(i >= j ? 1 : 0);
        const f = topKMaskOfRanking(ranking, keep, new Float32Array(n).fill(7));
        expect(Array.from(f)).toEqual(Array.from(mask));
      }
    }
  });

  it('uses the reference expression j = floor((1 - keep) * n)', () => {
    expect(maskZeros(10, 0.5)).toBe(5);
    expect(maskZeros(11, 0.5)).toBe(5);
    expect(maskZeros(0, 0.5)).toBe(0);
    expect(maskZeros(10, 0.9)).toBe(Math.floor((1 - 0.9) * 10)); // 0: float rounding, as in Python
    expect(() => maskZeros(10, 2)).toThrow(RangeError);
  });
});
