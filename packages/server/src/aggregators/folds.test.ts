import { describe, expect, it } from 'vitest';
import { Rng } from '@fedrank/random';
import { AGGREGATORS, createAggregator, type AggregationContext, type BuiltinAggregatorSpec } from './index.js';
import { AggregatorError } from './types.js';

const ctx = (weights?: number[]): AggregationContext => ({ f: 0, round: 0, rng: new Rng(1), weights });

describe('streaming folds of the reducible rules', () => {
  it('every reducible built-in rule can fold; the others cannot', () => {
    for (const d of AGGREGATORS) {
      const rule = createAggregator({ kind: d.kind } as BuiltinAggregatorSpec);
      expect([d.kind, typeof rule.fold === 'function']).toEqual([d.kind, d.reducible]);
    }
  });

  it('fedavg with client weights does not fold (its normalization needs every weight)', () => {
    const rule = createAggregator({ kind: 'fedavg' });
    expect(rule.consumes === 'weights' && rule.fold!(3, ctx([1, 2]))).toBeNull();
  });

  it('a fold refuses an update of the wrong size, a result of no updates and an update after the result', () => {
    for (const kind of ['fedavg', 'signsgd-mv'] as const) {
      const rule = createAggregator({ kind });
      if (rule.consumes !== 'weights') throw new Error('weights rule expected');
      const fold = rule.fold!(3, ctx())!;
      expect(() => fold.finish()).toThrow(AggregatorError);
      expect(() => fold.add(new Float32Array(2))).toThrow(/update 0 has 2 values, expected 3/);
      fold.add(Float32Array.from([1, -2, 0]));
      expect(fold.count).toBe(1);
      fold.finish();
      expect(() => fold.add(new Float32Array(3))).toThrow(/after the aggregate was taken/);
    }
    const vote = createAggregator({ kind: 'frl-vote' });
    if (vote.consumes !== 'ranking') throw new Error('ranking rule expected');
    const fold = vote.fold!([3, 2], ctx())!;
    expect(() => fold.add([Uint32Array.from([0, 1, 2])])).toThrow(/1 layer rankings, expected 2/);
    expect(() => fold.add([Uint32Array.from([0, 1, 1]), Uint32Array.from([0, 1])])).toThrow(/client 0, layer 0/);
  });

  it('order-free folds give the batch result in any order of addition (ties included)', () => {
    const rng = new Rng(4);
    const vote = createAggregator({ kind: 'frl-vote' });
    const signs = createAggregator({ kind: 'signsgd-mv' });
    if (vote.consumes !== 'ranking' || signs.consumes !== 'weights') throw new Error('unexpected rule kinds');
    for (let trial = 0; trial < 20; trial++) {
      const n = 1 + rng.int(9);
      const rankings = Array.from({ length: n }, () => [rng.permutation(30), rng.permutation(4)]);
      const updates = Array.from({ length: n }, () => Float32Array.from({ length: 50 }, () => rng.int(3) - 1));
      const voteFold = vote.fold!([30, 4], ctx())!;
      const signFold = signs.fold!(50, ctx())!;
      expect(voteFold.orderFree && signFold.orderFree).toBe(true);
      for (const i of rng.permutation(n)) {
        voteFold.add(rankings[i]);
        signFold.add(updates[i]);
      }
      expect(voteFold.finish()).toEqual(vote.aggregate(rankings, [30, 4], ctx()));
      expect(signFold.finish()).toEqual(signs.aggregate(updates, ctx()));
    }
  });
});
