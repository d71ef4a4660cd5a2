import { describe, expect, it } from 'vitest';
import { Rng } from '@fedrank/random';
import { loadNative } from '@fedrank/native';
import { argsortFloat32, argsortFloat64, releaseArgsortScratch } from './argsort.js';

/** Reference: stable sort of indices; -0 before +0, NaN last (ties by index). */
function refArgsort(values: ArrayLike<number>): number[] {
  const rank = (v: number): number => (Number.isNaN(v) ? 2 : 0);
  const idx = Array.from({ length: values.length }, (_, i) => i);
  return idx.sort((a, b) => {
    const x = values[a];
    const y = values[b];
    const r = rank(x) - rank(y);
    if (r !== 0) return r;
    if (rank(x) === 2) return a - b;
    if (x < y) return -1;
    if (x > y) return 1;
    const zx = Object.is(x, -0) ? 0 : 1;
    const zy = Object.is(y, -0) ? 0 : 1;
    return zx - zy || a - b;
  });
}

/** Same, but -0 and +0 tie (allowed for argsortFloat64's integer fast path). */
function refArgsortZeroTie(values: ArrayLike<number>): number[] {
  const idx = Array.from({ length: values.length }, (_, i) => i);
  return idx.sort((a, b) => {
    const x = values[a];
    const y = values[b];
    const nx = Number.isNaN(x);
    const ny = Number.isNaN(y);
    if (nx || ny) return nx && ny ? a - b : nx ? 1 : -1;
    return x < y ? -1 : x > y ? 1 : a - b;
  });
}

const SPECIALS = [0, -0, 1, -1, Infinity, -Infinity, NaN, 1e-45, -1e-45, 3.4e38, -3.4e38, 0.5];

function randomFloat32(rng: Rng, n: number, mode: number): Float32Array {
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    switch (mode) {
      case 0:
        a[i] = rng.uniform(-1, 1);
        break;
      case 1: // many ties
        a[i] = rng.int(5) - 2;
        break;
      case 2: // specials mixed in
        a[i] = rng.float() < 0.3 ? SPECIALS[rng.int(SPECIALS.length)] : rng.normal(0, 100);
        break;
      default: // wide exponent range
        a[i] = (rng.float() < 0.5 ? -1 : 1) * Math.exp(rng.uniform(-80, 80));
    }
  }
  return a;
}

describe('argsortFloat32', () => {
  it.skipIf(!loadNative().available)('native addon and JavaScript give the same permutation', () => {
    const rng = new Rng(9);
    const cases: Float32Array[] = [0, 1, 2, 3].map((mode) => randomFloat32(rng, 20_000 + rng.int(5000), mode));
    // One varying digit (a single pass), two, and all equal (no pass), with NaN and signed zeros.
    const one = new Float32Array(9000);
    new Uint32Array(one.buffer).forEach((_, i, b) => (b[i] = 0x3f000000 | rng.int(2048)));
    const two = new Float32Array(9000);
    new Uint32Array(two.buffer).forEach((_, i, b) => (b[i] = 0x3f000000 | (rng.int(2048) << 11) | rng.int(2)));
    cases.push(
      one,
      two,
      new Float32Array(5000).fill(-0),
      Float32Array.from({ length: 6000 }, (_, i) => SPECIALS[i % SPECIALS.length]),
    );
    for (const v of cases) {
      const js = argsortFloat32(v, undefined, false);
      expect(argsortFloat32(v)).toEqual(js);
      expect(Array.from(js.subarray(0, 50))).toEqual(refArgsort(v).slice(0, 50));
    }
  });

  it('matches a stable reference sort on random inputs', () => {
    const rng = new Rng(1);
    for (let trial = 0; trial < 200; trial++) {
      const n = rng.int(300);
      const v = randomFloat32(rng, n, trial % 4);
      expect(Array.from(argsortFloat32(v))).toEqual(refArgsort(v));
    }
  });

  it('handles n = 0, n = 1, all ties and specials', () => {
    expect(argsortFloat32(new Float32Array(0))).toEqual(new Uint32Array(0));
    expect(Array.from(argsortFloat32(new Float32Array([NaN])))).toEqual([0]);
    expect(Array.from(argsortFloat32(new Float32Array(7).fill(3.5)))).toEqual([0, 1, 2, 3, 4, 5, 6]);
    const v = new Float32Array([NaN, Infinity, -0, 0, -Infinity, -0, 1, -NaN, -1]);
    expect(Array.from(argsortFloat32(v))).toEqual([4, 8, 2, 5, 3, 6, 1, 0, 7]);
  });

  it('sorts NaN with any sign or payload after +Infinity, in index order', () => {
    const v = new Float32Array(6);
    const bits = new Uint32Array(v.buffer);
    bits[0] = 0xffc00001; // negative NaN with payload
    v[1] = Infinity;
    bits[2] = 0x7f800001; // signalling-style NaN
    v[3] = -5;
    bits[4] = 0x7fc00000;
    v[5] = 2;
    expect(Array.from(argsortFloat32(v))).toEqual([3, 5, 1, 0, 2, 4]);
  });

  it('writes into out, on subarray views, and is stable on a large input', () => {
    const rng = new Rng(2);
    const n = 100_000;
    const buf = new Float32Array(n + 3);
    for (let i = 0; i < buf.length; i++) buf[i] = Math.round(rng.normal(0, 50)) / 4;
    const view = buf.subarray(3);
    const out = new Uint32Array(n);
    expect(argsortFloat32(view, out)).toBe(out);
    expect(Array.from(out)).toEqual(refArgsort(view));
    // A second call with a smaller input must not alias the first result.
    const small = argsortFloat32(new Float32Array([2, 1]));
    expect(Array.from(small)).toEqual([1, 0]);
    expect(Array.from(out)).toEqual(refArgsort(view));
    expect(() => argsortFloat32(view, new Uint32Array(5))).toThrow(RangeError);
    releaseArgsortScratch();
    expect(Array.from(argsortFloat32(new Float32Array([3, -1, 2])))).toEqual([1, 2, 0]);
  });

  it('covers each skippable-pass combination', () => {
    // Only the low digit varies, only the middle, only the top, and pairs of them.
    for (const [lo, mid, hi] of [
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
      [1, 1, 0],
      [1, 0, 1],
      [0, 1, 1],
    ]) {
      const rng = new Rng(lo * 4 + mid * 2 + hi);
      const v = new Float32Array(500);
      const bits = new Uint32Array(v.buffer);
      for (let i = 0; i < v.length; i++) {
        bits[i] = 0x3f000000 ^ ((lo ? rng.int(2048) : 0) | (mid ? rng.int(2048) << 11 : 0) | (hi ? rng.int(4) << 22 : 0));
      }
      expect(Array.from(argsortFloat32(v))).toEqual(refArgsort(v));
    }
  });
});

describe('argsortFloat64', () => {
  it('sorts non-negative integers (fast path) stably', () => {
    const rng = new Rng(3);
    for (let trial = 0; trial < 100; trial++) {
      const n = rng.int(400);
      const maxBits = 1 + rng.int(32);
      const v = new Float64Array(n);
      for (let i = 0; i < n; i++) v[i] = Math.floor(rng.float() * 2 ** maxBits);
      expect(Array.from(argsortFloat64(v))).toEqual(refArgsort(v));
    }
  });

  it('sorts general doubles: negatives, fractions, big integers, specials', () => {
    const rng = new Rng(4);
    const specials = [...SPECIALS, 2 ** 53, -(2 ** 53), 2 ** 32, 2 ** 32 - 1, 1e308, Number.MIN_VALUE];
    for (let trial = 0; trial < 150; trial++) {
      const n = rng.int(300);
      const v = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const m = (trial + i) % 4;
        v[i] =
          m === 0
            ? specials[rng.int(specials.length)]
            : m === 1
              ? Math.floor(rng.float() * 2 ** 53)
              : m === 2
                ? rng.normal(0, 1e6)
                : rng.int(7) - 3 + (rng.float() < 0.5 ? 0 : 1e-12);
      }
      expect(Array.from(argsortFloat64(v))).toEqual(refArgsort(v));
    }
  });

  it('orders NaN payloads last and -0 with +0 on the integer path', () => {
    const v = new Float64Array([3, -0, 0, 1, -0]);
    expect(Array.from(argsortFloat64(v))).toEqual(refArgsortZeroTie(v));
    const w = new Float64Array(5);
    const words = new Uint32Array(w.buffer);
    w[0] = 1;
    words[2] = 1; // lo word of w[1]
    words[3] = 0xfff00000; // hi word of w[1]: a negative NaN
    w[2] = -Infinity;
    w[3] = NaN;
    w[4] = Infinity;
    expect(Array.from(argsortFloat64(w))).toEqual([2, 0, 4, 1, 3]);
    expect(argsortFloat64(new Float64Array(0)).length).toBe(0);
    expect(Array.from(argsortFloat64(new Float64Array([5, 5, 5])))).toEqual([0, 1, 2]);
    expect(Array.from(argsortFloat64(new Float64Array([0, 0])))).toEqual([0, 1]);
  });

  it('reads subarray views of a larger buffer on both paths', () => {
    const rng = new Rng(6);
    const buf = new Float64Array(1005);
    for (let i = 0; i < buf.length; i++) buf[i] = rng.int(1000);
    const ints = buf.subarray(5);
    expect(Array.from(argsortFloat64(ints))).toEqual(refArgsort(ints));
    for (let i = 0; i < buf.length; i++) buf[i] = rng.normal(0, 10);
    const reals = buf.subarray(3, 803);
    expect(Array.from(argsortFloat64(reals))).toEqual(refArgsort(reals));
  });

  it('sorts Borda-sized sums on a larger input', () => {
    const rng = new Rng(5);
    const n = 50_000;
    const v = new Float64Array(n);
    for (let i = 0; i < n; i++) v[i] = rng.int(25 * n);
    const out = argsortFloat64(v, new Uint32Array(n));
    expect(Array.from(out)).toEqual(refArgsort(v));
  });
});
