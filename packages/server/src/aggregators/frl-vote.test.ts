import { describe, expect, it } from 'vitest';
import { Rng } from '@fedrank/random';
import { FrlVote } from './frl-vote.js';
import { AggregatorError, type AggregationContext } from './types.js';

const ctx = (): AggregationContext => ({ f: 0, round: 0, rng: new Rng(1) });
const r = (...xs: number[]): Uint32Array => Uint32Array.from(xs);

describe('frl-vote (per-layer Borda)', () => {
  const rule = new FrlVote();

  it('declares rankings, reducible', () => {
    expect([rule.name, rule.consumes, rule.reducible]).toEqual(['frl-vote', 'ranking', true]);
  });

  it('sorts edges by the sum of their positions, per layer', () => {
    // layer 0: positions of edges 0, 1, 2: client 0 (0,1,2), client 1 (1,0,2), client 2 (2,1,0)
    //   sums 3, 2, 4 -> ranking 1, 0, 2
    // layer 1: client 0 (0,1), client 1 (1,0), client 2 (0,1): sums 1, 2 -> ranking 0, 1
    const out = rule.aggregate(
      [
        [r(0, 1, 2), r(0, 1)],
        [r(1, 0, 2), r(1, 0)],
        [r(2, 1, 0), r(0, 1)],
      ],
      [3, 2],
      ctx(),
    );
    expect(out.map((x) => Array.from(x))).toEqual([
      [1, 0, 2],
      [0, 1],
    ]);
  });

  it('ties go to the lower edge id; n = 1 returns the ranking', () => {
    expect(Array.from(rule.aggregate([[r(0, 1, 2)], [r(2, 1, 0)]], [3], ctx())[0])).toEqual([0, 1, 2]);
    expect(Array.from(rule.aggregate([[r(2, 0, 1)]], [3], ctx())[0])).toEqual([2, 0, 1]);
  });

  it('reversed colluders are outvoted by a larger honest majority', () => {
    // 3 honest (0,1,2,3), 1 reversed (3,2,1,0): sums 3, 6, 9, 12 -> the honest order
    const honest = [r(0, 1, 2, 3)];
    const rows = [honest, honest, honest, [r(3, 2, 1, 0)]];
    expect(Array.from(rule.aggregate(rows, [4], ctx())[0])).toEqual([0, 1, 2, 3]);
  });

  it('rejects no rankings, a wrong layer count and non-permutations', () => {
    expect(() => rule.aggregate([], [3], ctx())).toThrow(AggregatorError);
    expect(() => rule.aggregate([[r(0, 1, 2)]], [3, 2], ctx())).toThrow(/1 layer rankings, the model has 2 layers/);
    expect(() => rule.aggregate([[r(0, 0, 2)]], [3], ctx())).toThrow(/client 0, layer 0: .*not a permutation/);
    expect(() => rule.aggregate([[r(0, 1)]], [3], ctx())).toThrow(/client 0, layer 0/);
  });
});
