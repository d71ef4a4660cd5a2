import { describe, expect, it } from 'vitest';
import { Rng } from '@fedrank/random';
import { MultiKrum } from './multi-krum.js';
import { AggregatorError, type AggregationContext } from './types.js';

const ctx = (f = 0): AggregationContext => ({ f, round: 0, rng: new Rng(1) });
const u = (...xs: number[]): Float32Array => Float32Array.from(xs);

// Krum scores with f = 1 (see krum.test.ts): A 3, B 6, C 2, D 3, E 326
const pts = [u(0, 0), u(2, 0), u(0, 1), u(1, 1), u(10, 10)];
// One coordinate: 0, 1.5, 3, 4, 5, 10, 50
const line = [0, 1.5, 3, 4, 5, 10, 50].map((x) => u(x));

describe('multi-krum', () => {
  it('declares weights, not reducible', () => {
    const rule = new MultiKrum();
    expect([rule.name, rule.consumes, rule.reducible]).toEqual(['multi-krum', 'weights', false]);
  });

  it('averages the m = n - f best by Krum score by default', () => {
    // order C(2), A(3), D(3), B(6): mean of C, A, D, B = (3/4, 2/4)
    const rule = new MultiKrum();
    expect(rule.select(pts, ctx(1))).toEqual([2, 0, 3, 1]);
    expect(Array.from(rule.aggregate(pts, ctx(1)))).toEqual([0.75, 0.5]);
  });

  it('m given: averages the m best', () => {
    // C, A -> (0, 0.5); m = 1 is Krum
    expect(Array.from(new MultiKrum(2).aggregate(pts, ctx(1)))).toEqual([0, 0.5]);
    expect(Array.from(new MultiKrum(1).aggregate(pts, ctx(1)))).toEqual([0, 1]);
  });

  it('scores on a line: f = 1, 4 neighbours', () => {
    // 0: 2.25+9+16+25 = 52.25; 1.5: 2.25+2.25+6.25+12.25 = 23; 3: 1+2.25+4+9 = 16.25;
    // 4: 1+1+6.25+16 = 24.25; 5: 1+4+12.25+25 = 42.25; 10: 25+36+49+72.25 = 182.25; 50: > 1600
    expect(new MultiKrum().select(line, ctx(1))).toEqual([2, 1, 3, 4, 0, 5]);
  });

  it('reference variant: iterative selection of n - 2f - 2, scores recomputed on the rest', () => {
    // r = 7, 3 other neighbours: 0: 2.25+9+16, 1.5: 2.25+2.25+6.25, 3: 1+2.25+4 = 7.25 (best),
    //   4: 1+1+6.25, 5: 1+4+12.25, ... -> 3
    // r = 6 of {0, 1.5, 4, 5, 10, 50}, 2 neighbours: 0: 2.25+16, 1.5: 2.25+6.25, 4: 1+6.25 = 7.25 (best),
    //   5: 1+12.25 -> 4
    // r = 5 of {0, 1.5, 5, 10, 50}, 1 neighbour: 0: 2.25, 1.5: 2.25 (tie: lower index) -> 0
    // r = 4 = 2f + 2: stop. Mean of 3, 4, 0 = 7/3
    const rule = new MultiKrum(undefined, undefined, 'reference');
    expect(rule.select(line, ctx(1))).toEqual([2, 3, 0]);
    expect(rule.aggregate(line, ctx(1))[0]).toBeCloseTo(7 / 3, 6);
  });

  it('resists an outlier that fedavg follows', () => {
    const rows = [u(1, 1), u(1.25, 0.75), u(0.75, 1.25), u(1, 1.5), u(100, -100)];
    // m = n - f = 4: the four honest updates, mean (1, 1.125)
    expect(Array.from(new MultiKrum().aggregate(rows, ctx(1)))).toEqual([1, 1.125]);
  });

  it('validates m, f and n', () => {
    expect(() => new MultiKrum(0)).toThrow(/aggregator.m/);
    expect(() => new MultiKrum(2.5)).toThrow(/aggregator.m/);
    expect(() => new MultiKrum(2, undefined, 'reference')).toThrow(/aggregator.m/);
    expect(() => new MultiKrum(6).aggregate(pts, ctx(1))).toThrow(/m = 6 of n = 5/);
    expect(() => new MultiKrum().aggregate(pts.slice(0, 4), ctx(1))).toThrow(/n > 2f \+ 2/);
    expect(() => new MultiKrum().aggregate([u(1)], ctx(0))).toThrow(AggregatorError);
  });
});
