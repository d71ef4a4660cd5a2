import { describe, expect, it } from 'vitest';
import { groupAdvantages } from './advantages.js';
import { RewardsError } from './errors.js';

describe('groupAdvantages', () => {
  it('gives 1.0954 to agreeing and -0.7303 to other answers for rewards [1,0,0,1,0]', () => {
    // mean 0.4, unbiased std sqrt(1.2 / 4) = 0.5477
    const a = groupAdvantages([1, 0, 0, 1, 0]);
    const expected = [1.0954, -0.7303, -0.7303, 1.0954, -0.7303];
    a.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 4));
    expect(a[0]).toBeCloseTo(0.6 / (Math.sqrt(0.3) + 1e-6), 12);
    expect(a[1]).toBeCloseTo(-0.4 / (Math.sqrt(0.3) + 1e-6), 12);
  });

  it('gives zeros to a group that agrees fully (or fully disagrees)', () => {
    expect(groupAdvantages([1, 1, 1, 1])).toEqual([0, 0, 0, 0]);
    expect(groupAdvantages([0, 0, 0])).toEqual([0, 0, 0]);
  });

  it('gives 0 to a group of one and nothing to an empty group', () => {
    expect(groupAdvantages([1])).toEqual([0]);
    expect(groupAdvantages([])).toEqual([]);
  });

  it('uses eps and the unbiased std', () => {
    const a = groupAdvantages([1, 0], { eps: 0 });
    expect(a[0]).toBeCloseTo(Math.SQRT1_2, 12); // (1 - 0.5) / sqrt(0.5)
    expect(a[1]).toBeCloseTo(-Math.SQRT1_2, 12);
    const b = groupAdvantages([2, 4, 9], { eps: 0.5 });
    // mean 5, std sqrt((9 + 1 + 16) / 2) = sqrt(13)
    expect(b[2]).toBeCloseTo(4 / (Math.sqrt(13) + 0.5), 12);
  });

  it('rejects bad input', () => {
    expect(() => groupAdvantages([1, Number.NaN])).toThrow(RewardsError);
    expect(() => groupAdvantages([1, 0], { eps: -1 })).toThrow(/eps/);
  });
});
