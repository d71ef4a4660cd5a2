import { describe, expect, it } from 'vitest';
import { Rng } from '@fedrank/random';
import { Bulyan, closestToMedianMeanInto } from './bulyan.js';
import { AggregatorError, type AggregationContext } from './types.js';

const ctx = (f = 0): AggregationContext => ({ f, round: 0, rng: new Rng(1) });
const u = (...xs: number[]): Float32Array => Float32Array.from(xs);

// x_i = (a_i, -a_i), a = 0, 1.5, 3, 4, 5, 10, 50: squared distances are twice those of the a_i.
const pts = [0, 1.5, 3, 4, 5, 10, 50].map((a) => u(a, -a));

describe('bulyan', () => {
  it('declares weights, not reducible', () => {
    const rule = new Bulyan();
    expect([rule.name, rule.consumes, rule.reducible]).toEqual(['bulyan', 'weights', false]);
  });

  it('selects theta = n - 2f by repeated Krum, then averages the beta = theta - 2f closest to the median', () => {
    // f = 1, theta = 5 (halved scores on the a_i):
    //   r = 7, 4 neighbours: 3 scores 1+2.25+4+9 = 16.25 (best; 1.5: 23, 4: 24.25) -> 3
    //   r = 6, 3 neighbours: 1.5: 2.25+6.25+12.25 = 20.75 (best; 4: 1+6.25+16 = 23.25) -> 1.5
    //   r = 5, 2 neighbours: 4: 1+16 = 17 (best; 5: 1+25 = 26) -> 4
    //   r = 4, 1 neighbour: 0, 5, 10 all 25 -> 0 (lowest index)
    //   r = 3, 1 neighbour (r - f - 2 = 0, raised to 1): 5: 25, 10: 25 -> 5
    const rule = new Bulyan();
    expect(rule.select(pts, ctx(1))).toEqual([2, 1, 3, 0, 4]);
    // coordinate 0 of the selection: 0, 1.5, 3, 4, 5; median 3; beta = 3 closest: 3, 4, 1.5
    const y = rule.aggregate(pts, ctx(1));
    expect(y[0]).toBeCloseTo(8.5 / 3, 6);
    expect(y[1]).toBeCloseTo(-8.5 / 3, 6);
  });

  it('closest to the median: ties in distance take the lower value', () => {
    // 0, 1, 3, 4: median 2; beta 2: 1 (tie with 3, lower first), then 3 -> 2; beta 3: then 0 (tie with 4) -> 4/3
    const rows = [u(3), u(0), u(4), u(1)];
    const out = new Float32Array(1);
    const buf = new Float64Array(4);
    closestToMedianMeanInto(rows, 2, out, buf);
    expect(out[0]).toBe(2);
    closestToMedianMeanInto(rows, 3, out, buf);
    expect(out[0]).toBeCloseTo(4 / 3, 6);
    closestToMedianMeanInto(rows, 1, out, buf);
    expect(out[0]).toBe(1);
  });

  it('f = 0 is the mean', () => {
    expect(Array.from(new Bulyan().aggregate([u(1, 0), u(2, 3), u(6, 3)], ctx(0)))).toEqual([3, 2]);
  });

  it('resists an outlier that fedavg follows', () => {
    const rows = [u(1, 1), u(1.25, 0.75), u(0.75, 1.25), u(1, 1.5), u(1, 0.5), u(1.5, 1), u(100, -100)];
    // f = 1: the outlier is never selected; every coordinate then averages honest values only
    const y = new Bulyan().aggregate(rows, ctx(1));
    expect(Math.hypot(y[0] - 1, y[1] - 1)).toBeLessThan(0.3);
  });

  it('needs n >= 4f + 3', () => {
    expect(() => new Bulyan().aggregate(pts.slice(0, 6), ctx(1))).toThrow(/n >= 4f \+ 3 clients, got n = 6, f = 1/);
    expect(() => new Bulyan().aggregate([u(1)], ctx(0))).toThrow(AggregatorError);
    expect(() => new Bulyan(-2)).toThrow(/aggregator.f/);
  });
});
