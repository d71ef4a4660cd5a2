import { describe, expect, it } from 'vitest';
import { Rng } from '@fedrank/random';
import { TrimmedMean } from './trimmed-mean.js';
import { AggregatorError, type AggregationContext } from './types.js';

const ctx = (f = 0): AggregationContext => ({ f, round: 0, rng: new Rng(1) });
const u = (...xs: number[]): Float32Array => Float32Array.from(xs);

// coordinate 0: 1, 2, 3, 4, 100; coordinate 1: -50, 0, 1, 2, 3 (the outlier is client 4 / client 0)
const five = [u(100, 1), u(2, -50), u(3, 0), u(1, 2), u(4, 3)];

describe('trimmed mean', () => {
  it('declares weights, not reducible', () => {
    const rule = new TrimmedMean();
    expect([rule.name, rule.consumes, rule.reducible]).toEqual(['trimmed-mean', 'weights', false]);
  });

  it('drops beta values at each end (beta = the round f by default)', () => {
    // beta = 1: (2 + 3 + 4)/3 = 3, (0 + 1 + 2)/3 = 1
    expect(Array.from(new TrimmedMean().aggregate(five, ctx(1)))).toEqual([3, 1]);
    expect(Array.from(new TrimmedMean(1).aggregate(five, ctx(0)))).toEqual([3, 1]);
    // a fixed f stands in for the round's
    expect(Array.from(new TrimmedMean(undefined, 1).aggregate(five, ctx(2)))).toEqual([3, 1]);
  });

  it('beta = 0 is the mean (as the reference with no attacker), n - 2 beta = 1 is the median', () => {
    // (1+2+3+4+100)/5 = 22, (-50+0+1+2+3)/5 = -8.8
    const mean = new TrimmedMean().aggregate(five, ctx(0));
    expect(mean[0]).toBe(22);
    expect(mean[1]).toBeCloseTo(-8.8, 5);
    expect(Array.from(new TrimmedMean(2).aggregate(five, ctx()))).toEqual([3, 1]);
  });

  it('stays near the honest values despite an outlier, fedavg does not', () => {
    const rows = [u(1, 1), u(1.25, 0.75), u(0.75, 1.25), u(100, -100)];
    // beta = 1: coordinate 0 keeps 1, 1.25; coordinate 1 keeps 0.75, 1
    expect(Array.from(new TrimmedMean().aggregate(rows, ctx(1)))).toEqual([1.125, 0.875]);
  });

  it('ties and n = 1', () => {
    expect(Array.from(new TrimmedMean(1).aggregate([u(2), u(2), u(2), u(2), u(9)], ctx()))).toEqual([2]);
    expect(Array.from(new TrimmedMean().aggregate([u(5, 6)], ctx(0)))).toEqual([5, 6]);
  });

  it('needs n > 2 beta; beta must be a non-negative integer', () => {
    expect(() => new TrimmedMean().aggregate([u(1), u(2), u(3), u(4)], ctx(2))).toThrow(/n > 2\*beta.*n = 4, beta = 2/);
    expect(() => new TrimmedMean(1).aggregate([u(1), u(2)], ctx())).toThrow(AggregatorError);
    expect(() => new TrimmedMean(-1)).toThrow(/aggregator.beta/);
    expect(() => new TrimmedMean(1.5)).toThrow(/aggregator.beta/);
    expect(() => new TrimmedMean().aggregate([u(1)], ctx(-1))).toThrow(/aggregator.f/);
  });
});
