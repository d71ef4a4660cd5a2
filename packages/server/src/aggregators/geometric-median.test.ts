import { describe, expect, it } from 'vitest';
import { Rng } from '@fedrank/random';
import { GeometricMedian } from './geometric-median.js';
import { AggregatorError, type AggregationContext } from './types.js';

const ctx = (extra: Partial<AggregationContext> = {}): AggregationContext => ({ f: 0, round: 0, rng: new Rng(1), ...extra });
const u = (...xs: number[]): Float32Array => Float32Array.from(xs);

describe('geometric median (smoothed Weiszfeld)', () => {
  it('declares weights, not reducible', () => {
    const rule = new GeometricMedian();
    expect([rule.name, rule.consumes, rule.reducible]).toEqual(['geometric-median', 'weights', false]);
  });

  it('three collinear points: the middle one (the mean start is already optimal)', () => {
    const rule = new GeometricMedian();
    expect(Array.from(rule.aggregate([u(0, 0), u(2, 0), u(1, 0)], ctx()))).toEqual([1, 0]);
    expect(rule.lastIterations).toBe(1);
  });

  it('one Weiszfeld step by hand', () => {
    // (0,0), (3,4), (6,8) from the mean (3,4): distances 5, 0 -> eps, 5.
    // b = (1/3)/5, (1/3)/eps, (1/3)/5: the middle point dominates; with eps = 1 exactly:
    // b = 1/15, 1/3, 1/15, sum 7/15 -> v = (1/15 * (0,0) + 1/3 * (3,4) + 1/15 * (6,8)) / (7/15)
    //   = ((0 + 15 + 6)/7, (0 + 20 + 8)/7) = (3, 4)
    const rule = new GeometricMedian({ eps: 1, iterations: 1 });
    expect(Array.from(rule.aggregate([u(0, 0), u(3, 4), u(6, 8)], ctx()))).toEqual([3, 4]);
    // from zero: distances 0 -> 1, 5, 10; b = 1, 1/5, 1/10 (times 1/3), sum 1.3
    // v = (1/5 * (3,4) + 1/10 * (6,8)) / 1.3 = ((0.6 + 0.6)/1.3, (0.8 + 0.8)/1.3)
    const z = new GeometricMedian({ eps: 1, iterations: 1, init: 'zero' }).aggregate([u(0, 0), u(3, 4), u(6, 8)], ctx());
    expect(z[0]).toBeCloseTo(1.2 / 1.3, 6);
    expect(z[1]).toBeCloseTo(1.6 / 1.3, 6);
  });

  it("matches ByzFL's documented example (nu = 0.1, T = 3, from zero)", () => {
    const rule = new GeometricMedian({ eps: 0.1, iterations: 3, tolerance: 0, init: 'zero' });
    const y = rule.aggregate([u(1, 2, 3), u(4, 5, 6), u(7, 8, 9)], ctx());
    expect(rule.lastIterations).toBe(3);
    expect(y[0]).toBeCloseTo(3.78788764, 5);
    expect(y[1]).toBeCloseTo(4.78788764, 5);
    expect(y[2]).toBeCloseTo(5.78788764, 5);
  });

  it('an outlier on a line: stays in the median interval [1, 2], the mean goes to 250.75', () => {
    const y = new GeometricMedian().aggregate([u(0), u(1), u(2), u(1000)], ctx());
    expect(y[0]).toBeGreaterThanOrEqual(1 - 1e-4);
    expect(y[0]).toBeLessThanOrEqual(2 + 1e-4);
  });

  describe('stopping with one far outlier', () => {
    // The square (0,0), (2,0), (0,2), (2,2) and one point far out on the diagonal. The outlier only
    // pulls with a unit vector, so the median is (t, t) with 1 + (4 - 4t) / (sqrt(2) r) = 0,
    // r = sqrt((2 - t)^2 + t^2): t = 1 + 1/sqrt(3). The objective is about 0.2 * 1.4e17 (one float64
    // ulp is 4), so it stops changing while the point still moves by less than that.
    const far = 1e17;
    const points = [u(0, 0), u(2, 0), u(0, 2), u(2, 2), u(far, far)];
    const t = 1 + 1 / Math.sqrt(3);

    it('tolerance 0 runs every iteration and reaches the median', () => {
      const rule = new GeometricMedian({ tolerance: 0, iterations: 300 });
      const y = rule.aggregate(points, ctx());
      expect(rule.lastIterations).toBe(300);
      expect(y[0]).toBeCloseTo(t, 6);
      expect(y[1]).toBeCloseTo(t, 6);
    });

    it('a positive tolerance stops on the movement, not on the outlier-dominated objective', () => {
      const rule = new GeometricMedian({ tolerance: 1e-6 });
      const y = rule.aggregate(points, ctx());
      expect(rule.lastIterations).toBeGreaterThan(10);
      expect(rule.lastIterations).toBeLessThan(100);
      expect(y[0]).toBeCloseTo(t, 5);
      expect(y[1]).toBeCloseTo(t, 5);
      // A looser tolerance stops sooner, still at the median to its precision.
      const loose = new GeometricMedian({ tolerance: 1e-3 });
      expect(loose.aggregate(points, ctx())[0]).toBeCloseTo(t, 2);
      expect(loose.lastIterations).toBeLessThan(rule.lastIterations);
    });
  });

  it('weights: a point holding half the weight is the median', () => {
    // (1,1) weighs 2 = 1 + 1: the weighted geometric median is (1,1)
    const rule = new GeometricMedian({ iterations: 1000, tolerance: 0 });
    const y = rule.aggregate([u(0, 0), u(2, 0), u(1, 1)], ctx({ weights: [1, 1, 2] }));
    expect(y[0]).toBeCloseTo(1, 6);
    expect(y[1]).toBeCloseTo(1, 3);
  });

  it('n = 1 returns the update', () => {
    expect(Array.from(new GeometricMedian().aggregate([u(2, -3)], ctx()))).toEqual([2, -3]);
  });

  it('validates its parameters and input', () => {
    expect(() => new GeometricMedian({ eps: 0 })).toThrow(/aggregator.eps/);
    expect(() => new GeometricMedian({ iterations: 0 })).toThrow(/aggregator.iterations/);
    expect(() => new GeometricMedian({ tolerance: -1 })).toThrow(/aggregator.tolerance/);
    expect(() => new GeometricMedian().aggregate([], ctx())).toThrow(AggregatorError);
    expect(() => new GeometricMedian().aggregate([u(1)], ctx({ weights: [1, 2] }))).toThrow(/weights/);
  });
});
