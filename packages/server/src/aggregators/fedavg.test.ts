import { describe, expect, it } from 'vitest';
import { Rng } from '@fedrank/random';
import { FedAvg } from './fedavg.js';
import { AggregatorError, type AggregationContext } from './types.js';

const ctx = (extra: Partial<AggregationContext> = {}): AggregationContext => ({ f: 0, round: 0, rng: new Rng(1), ...extra });
const u = (...xs: number[]): Float32Array => Float32Array.from(xs);

describe('fedavg', () => {
  const rule = new FedAvg();

  it('declares weights, reducible', () => {
    expect(rule.name).toBe('fedavg');
    expect(rule.consumes).toBe('weights');
    expect(rule.reducible).toBe(true);
  });

  it('averages coordinate-wise', () => {
    // (1+3+5)/3 = 3, (2+4+0)/3 = 2, (3+5+1)/3 = 3
    expect(Array.from(rule.aggregate([u(1, 2, 3), u(3, 4, 5), u(5, 0, 1)], ctx()))).toEqual([3, 2, 3]);
  });

  it('weights by ctx.weights when given', () => {
    // (2*1 + 1*4)/3 = 2, (2*10 + 1*1)/3 = 7
    expect(Array.from(rule.aggregate([u(1, 10), u(4, 1)], ctx({ weights: [2, 1] })))).toEqual([2, 7]);
    // a zero weight drops the update
    expect(Array.from(rule.aggregate([u(1, 10), u(4, 1)], ctx({ weights: [0, 5] })))).toEqual([4, 1]);
  });

  it('n = 1 returns a copy of the update', () => {
    const x = u(0.5, -2);
    const y = rule.aggregate([x], ctx());
    expect(Array.from(y)).toEqual([0.5, -2]);
    expect(y).not.toBe(x);
  });

  it('is moved by a single outlier', () => {
    // honest cluster around (1, 1); the outlier drags the mean to (25.75, -24.25)
    const y = rule.aggregate([u(1, 1), u(1.25, 0.75), u(0.75, 1.25), u(100, -100)], ctx());
    expect(Array.from(y)).toEqual([25.75, -24.25]);
  });

  it('rejects bad input', () => {
    expect(() => rule.aggregate([], ctx())).toThrow(AggregatorError);
    expect(() => rule.aggregate([u(1, 2), u(1)], ctx())).toThrow(/update 1 has 1 coordinates/);
    expect(() => rule.aggregate([u(1), u(2)], ctx({ weights: [1] }))).toThrow(/1 weights for 2 updates/);
    expect(() => rule.aggregate([u(1), u(2)], ctx({ weights: [1, -1] }))).toThrow(/weight 1 is -1/);
    expect(() => rule.aggregate([u(1), u(2)], ctx({ weights: [0, 0] }))).toThrow(/sum to 0/);
  });
});
