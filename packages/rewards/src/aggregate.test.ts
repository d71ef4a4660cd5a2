import { describe, expect, it } from 'vitest';
import { aggregate, sequenceMean, tokenMean } from './aggregate.js';
import { RewardsError } from './errors.js';

describe('aggregation over ragged token arrays', () => {
  const values = [[1, 2, 3], [10]];

  it('token-mean weighs every token the same', () => {
    expect(tokenMean(values)).toBe(4); // 16 / 4
    expect(aggregate(values, 'token')).toBe(4);
  });

  it('sequence-mean weighs every sequence the same', () => {
    expect(sequenceMean(values)).toBe(6); // (2 + 10) / 2
    expect(aggregate(values, 'seq')).toBe(6);
  });

  it('skips masked tokens; an all-masked sequence counts as 0 in the sequence-mean', () => {
    const mask = [[1, 0, 1], [0]];
    expect(tokenMean(values, mask)).toBe(2); // (1 + 3) / 2
    expect(sequenceMean(values, mask)).toBe(1); // (2 + 0) / 2
    expect(tokenMean(values, [[true, false, true], [false]])).toBe(2);
  });

  it('aggregates empty input to 0', () => {
    expect(tokenMean([])).toBe(0);
    expect(sequenceMean([])).toBe(0);
    expect(tokenMean([[1]], [[0]])).toBe(0);
  });

  it('rejects a mask of another shape and an unknown mode', () => {
    expect(() => tokenMean(values, [[1, 1, 1]])).toThrow(RewardsError);
    expect(() => sequenceMean(values, [[1, 1], [1]])).toThrow(/mask\[0\]/);
    expect(() => aggregate(values, 'mean' as unknown as 'token')).toThrow(/aggregation/);
  });
});
