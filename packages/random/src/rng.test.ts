import { describe, expect, it } from 'vitest';
import { Rng } from './rng.js';

describe('Rng', () => {
  it('gives the same sequence for the same seed and a different one for another seed', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const c = new Rng(43);
    const sa = Array.from({ length: 8 }, () => a.nextUint32());
    const sb = Array.from({ length: 8 }, () => b.nextUint32());
    const sc = Array.from({ length: 8 }, () => c.nextUint32());
    expect(sa).toEqual(sb);
    expect(sa).not.toEqual(sc);
  });

  it('derives independent named streams without advancing the parent', () => {
    const root = new Rng(7);
    const p1 = root.derive('partition').float();
    const s1 = root.derive('sampling').float();
    expect(p1).not.toEqual(s1);
    expect(root.derive('partition').float()).toEqual(p1);
  });

  it('draws uniform floats in [0,1) with the right mean', () => {
    const r = new Rng(1);
    let sum = 0;
    for (let i = 0; i < 100000; i++) {
      const x = r.float();
      expect(x >= 0 && x < 1).toBe(true);
      sum += x;
    }
    expect(sum / 100000).toBeCloseTo(0.5, 2);
  });

  it('samples gamma and normal with the right moments', () => {
    const r = new Rng(3);
    const n = 50000;
    for (const shape of [0.3, 1, 4.5]) {
      let s = 0;
      let s2 = 0;
      for (let i = 0; i < n; i++) {
        const g = r.gamma(shape);
        s += g;
        s2 += g * g;
      }
      const mean = s / n;
      const variance = s2 / n - mean * mean;
      expect(Math.abs(mean - shape) / shape).toBeLessThan(0.05);
      expect(Math.abs(variance - shape) / shape).toBeLessThan(0.1);
    }
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < n; i++) {
      const z = r.normal();
      s += z;
      s2 += z * z;
    }
    expect(Math.abs(s / n)).toBeLessThan(0.02);
    expect(Math.abs(s2 / n - 1)).toBeLessThan(0.03);
  });

  it('produces dirichlet draws on the simplex', () => {
    const d = new Rng(5).dirichlet(new Array(1000).fill(1));
    expect(d.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
    expect(Math.min(...d)).toBeGreaterThanOrEqual(0);
  });

  it('samples k distinct values without replacement and permutes', () => {
    const r = new Rng(11);
    const s = r.sampleWithoutReplacement(1000, 25);
    expect(new Set(s).size).toBe(25);
    expect(s.every((x) => x >= 0 && x < 1000)).toBe(true);
    const p = r.permutation(100);
    expect(Array.from(p).sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i));
  });

  it('int(n) is unbiased across buckets', () => {
    const r = new Rng(9);
    const counts = new Array(7).fill(0);
    for (let i = 0; i < 70000; i++) counts[r.int(7)]++;
    for (const c of counts) expect(Math.abs(c - 10000)).toBeLessThan(500);
  });
});

describe('Rng.shuffle on a Uint32Array', () => {
  it('draws the same permutation as on a plain array, and leaves the generator in the same state', () => {
    for (const n of [0, 1, 2, 7, 1000, 300_000]) {
      const plain = new Rng(42).derive('shuffle', n);
      const typed = new Rng(42).derive('shuffle', n);
      const a = plain.shuffle(Array.from({ length: n }, (_, i) => i));
      const b = typed.shuffle(Uint32Array.from({ length: n }, (_, i) => i));
      expect(Array.from(b)).toEqual(a);
      expect(typed.nextUint32()).toBe(plain.nextUint32());
      expect(typed.int(1_000_003)).toBe(plain.int(1_000_003));
    }
  });
});

describe('Rng.fillNormals', () => {
  it('draws what normal() draws, in order, and leaves the same state (spare included)', () => {
    for (const [n, before] of [
      [0, 0],
      [1, 0],
      [7, 0],
      [10_000, 0],
      [5, 1],
      [6, 3],
    ]) {
      const one = new Rng(9).derive('normals', n, before);
      const all = new Rng(9).derive('normals', n, before);
      for (let k = 0; k < before; k++) expect(all.normal()).toBe(one.normal());
      const want = Array.from({ length: n }, () => one.normal());
      expect(Array.from(all.fillNormals(new Float64Array(n)))).toEqual(want);
      expect(all.normal()).toBe(one.normal());
      expect(all.normal()).toBe(one.normal());
      expect(all.nextUint32()).toBe(one.nextUint32());
    }
  });
});
