import { describe, expect, it } from 'vitest';
import { Rng } from '@fedrank/random';
import { CenteredClipping } from './centered-clipping.js';
import { AggregatorError, type AggregationContext } from './types.js';

const ctx = (round = 0): AggregationContext => ({ f: 1, round, rng: new Rng(1) });
const u = (...xs: number[]): Float32Array => Float32Array.from(xs);

describe('centered clipping', () => {
  it('declares weights, not reducible', () => {
    const rule = new CenteredClipping();
    expect([rule.name, rule.consumes, rule.reducible]).toEqual(['centered-clipping', 'weights', false]);
  });

  it('first round from zero: clips each update to norm tau, averages', () => {
    // tau = 1: (0.5,0) and (0,0.5) are kept, (3,4) (norm 5) becomes (0.6,0.8); mean (1.1/3, 1.3/3)
    const rule = new CenteredClipping(1, 1);
    const y = rule.aggregate([u(0.5, 0), u(0, 0.5), u(3, 4)], ctx());
    expect(y[0]).toBeCloseTo(1.1 / 3, 6);
    expect(y[1]).toBeCloseTo(1.3 / 3, 6);
  });

  it('L iterations', () => {
    // 0 and 2, tau = 0.5, from 0: v1 = (0 + 0.5)/2 = 0.25; v2 = 0.25 + (-0.25 + 0.5)/2 = 0.375
    expect(Array.from(new CenteredClipping(0.5, 1).aggregate([u(0), u(2)], ctx()))).toEqual([0.25]);
    expect(Array.from(new CenteredClipping(0.5, 2).aggregate([u(0), u(2)], ctx()))).toEqual([0.375]);
  });

  it('keeps its center across rounds (momentum), with state() and restore()', () => {
    // round 0: v = 0.25 (as above); round 1 from 0.25: (-0.25 + 0.5)/2 -> 0.375
    const rule = new CenteredClipping(0.5, 1);
    expect(rule.state()).toBeNull();
    rule.aggregate([u(0), u(2)], ctx(0));
    expect(Array.from(rule.state() ?? [])).toEqual([0.25]);
    expect(Array.from(rule.aggregate([u(0), u(2)], ctx(1)))).toEqual([0.375]);
    const copy = new CenteredClipping(0.5, 1);
    copy.restore(u(0.25));
    expect(Array.from(copy.aggregate([u(0), u(2)], ctx(1)))).toEqual([0.375]);
    copy.restore(null);
    expect(Array.from(copy.aggregate([u(0), u(2)], ctx(0)))).toEqual([0.25]);
  });

  it('an outlier moves the center by at most tau / n', () => {
    // center (1,1); honest differences (0,0), (0.25,-0.25), (-0.25,0.25) sum to 0; the outlier's
    // (99,-101) has norm sqrt(20002), clipped to norm 1: v = (1,1) + (99, -101) / sqrt(20002) / 4
    const rule = new CenteredClipping(1, 1);
    rule.restore(u(1, 1));
    const y = rule.aggregate([u(1, 1), u(1.25, 0.75), u(0.75, 1.25), u(100, -100)], ctx(1));
    expect(y[0]).toBeCloseTo(1 + 99 / Math.sqrt(20002) / 4, 6);
    expect(y[1]).toBeCloseTo(1 - 101 / Math.sqrt(20002) / 4, 6);
  });

  it('n = 1 within tau returns the update', () => {
    expect(Array.from(new CenteredClipping(10, 1).aggregate([u(1, 2)], ctx()))).toEqual([1, 2]);
  });

  it('validates tau, L and the dimension of its state', () => {
    expect(() => new CenteredClipping(0)).toThrow(/aggregator.tau/);
    expect(() => new CenteredClipping(Infinity)).toThrow(/aggregator.tau/);
    expect(() => new CenteredClipping(1, 0)).toThrow(/aggregator.iterations/);
    expect(() => new CenteredClipping(1, 1.5)).toThrow(/aggregator.iterations/);
    const rule = new CenteredClipping();
    rule.aggregate([u(1, 2)], ctx());
    expect(() => rule.aggregate([u(1, 2, 3)], ctx())).toThrow(/momentum has 2 coordinates/);
    expect(() => rule.aggregate([], ctx())).toThrow(AggregatorError);
  });
});
