import { describe, expect, it } from 'vitest';
import { Rng } from '@fedrank/random';
import { SignSgdMajorityVote, addSigns } from './signsgd-mv.js';
import { AggregatorError, type AggregationContext } from './types.js';

const ctx = (): AggregationContext => ({ f: 0, round: 0, rng: new Rng(1) });
const u = (...xs: number[]): Float32Array => Float32Array.from(xs);

describe('signsgd majority vote', () => {
  const rule = new SignSgdMajorityVote();

  it('declares weights, reducible', () => {
    expect([rule.name, rule.consumes, rule.reducible]).toEqual(['signsgd-mv', 'weights', true]);
  });

  it('the sign of the sum of signs', () => {
    // votes: +1+1-1 = 1 -> 1; -1-1+1 = -1 -> -1; 0 -> 0; +1-1-1 = -1 -> -1
    expect(Array.from(rule.aggregate([u(1, -2, 0, 3), u(2, -1, 0, -1), u(-3, 4, 0, -2)], ctx()))).toEqual([1, -1, 0, -1]);
  });

  it('a tied vote gives 0; zeros abstain', () => {
    expect(Array.from(rule.aggregate([u(1, 0.5), u(-1, 0)], ctx()))).toEqual([0, 1]);
  });

  it('magnitudes do not count: one huge update is one vote', () => {
    expect(Array.from(rule.aggregate([u(0.1), u(0.2), u(-1e9)], ctx()))).toEqual([1]);
  });

  it('n = 1 is the sign of the update', () => {
    expect(Array.from(rule.aggregate([u(3, -0.5, 0)], ctx()))).toEqual([1, -1, 0]);
  });

  it('partial vote counts add up (tree reduction)', () => {
    const left = new Int32Array(2);
    const right = new Int32Array(2);
    addSigns(u(1, -1), left);
    addSigns(u(1, 1), left);
    addSigns(u(-1, 1), right);
    expect(Array.from(left)).toEqual([2, 0]);
    expect(Array.from(right)).toEqual([-1, 1]);
    // total votes (1, 1): the same as the one-shot rule
    expect(Array.from(rule.aggregate([u(1, -1), u(1, 1), u(-1, 1)], ctx()))).toEqual([1, 1]);
  });

  it('rejects no updates and ragged updates', () => {
    expect(() => rule.aggregate([], ctx())).toThrow(AggregatorError);
    expect(() => rule.aggregate([u(1), u(1, 1)], ctx())).toThrow(/coordinates/);
  });
});
