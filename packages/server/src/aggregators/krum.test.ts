import { describe, expect, it } from 'vitest';
import { Rng } from '@fedrank/random';
import { pairwiseSquaredDistances } from './common.js';
import { Krum } from './krum.js';
import { AggregatorError, type AggregationContext } from './types.js';

const ctx = (f = 0): AggregationContext => ({ f, round: 0, rng: new Rng(1) });
const u = (...xs: number[]): Float32Array => Float32Array.from(xs);

// A(0,0) B(2,0) C(0,1) D(1,1) E(10,10). Squared distances:
// AB 4, AC 1, AD 2, AE 200, BC 5, BD 2, BE 164, CD 1, CE 181, DE 162.
const pts = [u(0, 0), u(2, 0), u(0, 1), u(1, 1), u(10, 10)];

describe('pairwise squared distances', () => {
  it('are symmetric with a zero diagonal, in float64', () => {
    const d = pairwiseSquaredDistances(pts);
    expect(Array.from(d.subarray(0, 5))).toEqual([0, 4, 1, 2, 200]);
    expect(d[4 * 5 + 1]).toBe(164);
    expect(d[1 * 5 + 4]).toBe(164);
    // 16M^2: exact in float64, not in float32 sums
    const big = pairwiseSquaredDistances([u(4096, 0), u(0, 0)]);
    expect(big[1]).toBe(4096 * 4096);
  });

  it('four pairs at a time give the sums of one pair at a time, bit for bit, across coordinate blocks', () => {
    const r = new Rng(9);
    const n = 11;
    const dim = 9000; // three blocks of 4096
    const ups = Array.from({ length: n }, () => Float32Array.from({ length: dim }, () => r.normal() * 10 ** r.int(6)));
    const d = pairwiseSquaredDistances(ups);
    for (let a = 0; a < n; a++) {
      for (let b = 0; b < n; b++) {
        const [x, y] = [ups[Math.min(a, b)], ups[Math.max(a, b)]];
        let want = 0;
        for (let start = 0; start < dim; start += 4096) {
          let s = 0;
          for (let j = start; j < Math.min(dim, start + 4096); j++) s += (x[j] - y[j]) ** 2;
          want += s;
        }
        expect(d[a * n + b]).toBe(a === b ? 0 : want);
      }
    }
  });
});

describe('krum', () => {
  it('declares weights, not reducible', () => {
    const rule = new Krum();
    expect([rule.name, rule.consumes, rule.reducible]).toEqual(['krum', 'weights', false]);
  });

  it('picks the update with the smallest sum over its n - f - 2 nearest neighbours', () => {
    // f = 1: 2 neighbours. A: 1+2 = 3, B: 2+4 = 6, C: 1+1 = 2, D: 1+2 = 3, E: 162+164 = 326 -> C
    const rule = new Krum();
    expect(rule.select(pts, ctx(1))).toEqual([2]);
    const y = rule.aggregate(pts, ctx(1));
    expect(Array.from(y)).toEqual([0, 1]);
    expect(y).not.toBe(pts[2]);
  });

  it('ties go to the lowest index; the fixed f overrides the round f', () => {
    // f = 0: 3 neighbours. A: 1+2+4 = 7, B: 2+4+5 = 11, C: 1+1+5 = 7, D: 1+2+2 = 5 -> D
    expect(new Krum().select(pts, ctx(0))).toEqual([3]);
    expect(new Krum(0).select(pts, ctx(1))).toEqual([3]);
    // the square (0,0),(1,0),(0,1),(1,1) plus an outlier, f = 1: every corner scores 1 + 1 = 2
    const square = [u(0, 0), u(1, 0), u(0, 1), u(1, 1), u(9, 9)];
    expect(new Krum().select(square, ctx(1))).toEqual([0]);
  });

  it("reference variant: sums the first n - 2 - f entries of each sorted row, self's 0 included", () => {
    // f = 1: 1 other neighbour. A 1, B 2, C 1, D 1, E 162 -> A (lowest index of the tie)
    expect(new Krum(undefined, 'reference').select(pts, ctx(1))).toEqual([0]);
  });

  it('resists an outlier that fedavg follows', () => {
    const rows = [u(1, 1), u(1.25, 0.75), u(0.75, 1.25), u(1, 1.5), u(100, -100)];
    // f = 1, 2 neighbours: (1,1): 0.125 + 0.125 = 0.25, (0.75,1.25): 0.125 + 0.125 = 0.25 (tie: lower
    // index), (1.25,0.75): 0.125 + 0.5, (1,1.5): 0.125 + 0.25, outlier: > 10^4
    expect(Array.from(new Krum().aggregate(rows, ctx(1)))).toEqual([1, 1]);
  });

  it('needs n > 2f + 2', () => {
    expect(() => new Krum().aggregate(pts.slice(0, 4), ctx(1))).toThrow(/n > 2f \+ 2 clients, got n = 4, f = 1/);
    expect(() => new Krum().aggregate([u(1, 2)], ctx(0))).toThrow(AggregatorError);
    expect(() => new Krum().aggregate([], ctx(0))).toThrow(/no updates/);
    expect(() => new Krum(-1)).toThrow(/aggregator.f/);
  });
});
