import { describe, expect, it } from 'vitest';
import { Rng } from '@fedrank/random';
import { CoordinateMedian } from './median.js';
import { AggregatorError, type AggregationContext } from './types.js';

const ctx = (f = 0): AggregationContext => ({ f, round: 0, rng: new Rng(1) });
const u = (...xs: number[]): Float32Array => Float32Array.from(xs);

describe('coordinate-wise median', () => {
  const rule = new CoordinateMedian();

  it('declares weights, not reducible', () => {
    expect([rule.name, rule.consumes, rule.reducible]).toEqual(['median', 'weights', false]);
  });

  it('odd n: the middle value of each coordinate', () => {
    // coordinate 0: 1, 2, 3 -> 2; coordinate 1: 2, 5, 9 -> 5
    expect(Array.from(rule.aggregate([u(1, 5), u(3, 2), u(2, 9)], ctx()))).toEqual([2, 5]);
  });

  it('even n: the mean of the two middle values', () => {
    // coordinate 0: 1, 2, 4, 10 -> 3; coordinate 1: 0, 1, 3, 4 -> 2
    expect(Array.from(rule.aggregate([u(1, 4), u(2, 3), u(10, 0), u(4, 1)], ctx()))).toEqual([3, 2]);
  });

  it('ties', () => {
    expect(Array.from(rule.aggregate([u(2, -1), u(2, -1), u(2, 5), u(7, -1)], ctx()))).toEqual([2, -1]);
  });

  it('n = 1 and n = 2', () => {
    expect(Array.from(rule.aggregate([u(3, -4)], ctx()))).toEqual([3, -4]);
    expect(Array.from(rule.aggregate([u(3, -4), u(5, 0)], ctx()))).toEqual([4, -2]);
  });

  it('ignores an outlier that fedavg follows', () => {
    // coordinate 0: 0.75, 1, 1.25, 100 -> (1 + 1.25)/2; coordinate 1: -100, 0.75, 1, 1.25 -> (0.75 + 1)/2
    const y = rule.aggregate([u(1, 1), u(1.25, 0.75), u(0.75, 1.25), u(100, -100)], ctx(1));
    expect(Array.from(y)).toEqual([1.125, 0.875]);
  });

  it('rejects no updates and ragged updates', () => {
    expect(() => rule.aggregate([], ctx())).toThrow(AggregatorError);
    expect(() => rule.aggregate([u(1), u(1, 2)], ctx())).toThrow(/coordinates/);
  });
});
