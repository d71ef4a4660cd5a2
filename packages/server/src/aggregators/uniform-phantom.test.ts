import { describe, expect, it } from 'vitest';
import { Rng } from '@fedrank/random';
import { UniformPhantom } from './uniform-phantom.js';
import { AggregatorError, type AggregationContext } from './types.js';

const ctx = (): AggregationContext => ({ f: 0, round: 0, rng: new Rng(1) });
const u = (...xs: number[]): Float32Array => Float32Array.from(xs);

describe('uniform phantom (coordinate-wise)', () => {
  it('declares weights, not reducible', () => {
    const rule = new UniformPhantom();
    expect([rule.name, rule.consumes, rule.reducible]).toEqual(['uniform-phantom', 'weights', false]);
  });

  it('fixed range [0, 1]: Uniform Phantom of (0.1, 0.2, 0.9) is 1/3 (REFERENCE.md section 3)', () => {
    // phantoms 1/3, 2/3: median of 0.1, 0.2, 1/3, 2/3, 0.9
    const y = new UniformPhantom({ lo: 0, hi: 1 }).aggregate([u(0.1, 0), u(0.2, 0), u(0.9, 1)], ctx());
    expect(y[0]).toBeCloseTo(1 / 3, 6);
    // (0, 0, 1): phantoms 1/3, 2/3 -> median of 0, 0, 1/3, 2/3, 1 = 1/3 (proportionality: 1 of 3 at 1)
    expect(y[1]).toBeCloseTo(1 / 3, 6);
  });

  it("default range: each coordinate's [min, max] among the updates", () => {
    // (0.1, 0.2, 0.9): phantoms 0.1 + 0.8/3, 0.1 + 1.6/3; the median is the first phantom
    const y = new UniformPhantom().aggregate([u(0.1), u(0.2), u(0.9)], ctx());
    expect(y[0]).toBeCloseTo(0.1 + 0.8 / 3, 6);
  });

  it('ties and n = 1', () => {
    // all equal: the range collapses, every phantom equals the value
    expect(Array.from(new UniformPhantom().aggregate([u(2, -1), u(2, -1), u(2, -1)], ctx()))).toEqual([2, -1]);
    expect(Array.from(new UniformPhantom().aggregate([u(0.5, 7)], ctx()))).toEqual([0.5, 7]);
  });

  it('an outlier stretches the own-range phantoms; a fixed range clamps it', () => {
    // (0.75, 1, 1.25, 100), own range: phantoms 0.75 + 99.25 k/4 -> the 4th of 7 is 0.75 + 24.8125
    const rows = [u(1), u(1.25), u(0.75), u(100)];
    expect(new UniformPhantom().aggregate(rows, ctx())[0]).toBeCloseTo(25.5625, 4);
    // range [0, 2]: 100 -> 2, phantoms 0.5, 1, 1.5: median of 0.5, 0.75, 1, 1, 1.25, 1.5, 2 = 1
    expect(Array.from(new UniformPhantom({ lo: 0, hi: 2 }).aggregate(rows, ctx()))).toEqual([1]);
  });

  it('validates the range and the input', () => {
    expect(() => new UniformPhantom({ lo: 1, hi: 0 })).toThrow(/aggregator.range/);
    expect(() => new UniformPhantom({ lo: 0, hi: NaN })).toThrow(/aggregator.range/);
    expect(() => new UniformPhantom().aggregate([], ctx())).toThrow(AggregatorError);
    expect(() => new UniformPhantom().aggregate([u(1), u(1, 2)], ctx())).toThrow(AggregatorError);
  });
});
