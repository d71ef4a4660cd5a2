import { describe, expect, it } from 'vitest';
import { selfReward } from './self-reward.js';

describe('selfReward', () => {
  it("votes, rewards and normalizes ['b','a','a','b','c']", () => {
    const r = selfReward(['b', 'a', 'a', 'b', 'c']);
    expect(r.vote.answer).toBe('b');
    expect(r.rewards).toEqual([1, 0, 0, 1, 0]);
    [1.0954, -0.7303, -0.7303, 1.0954, -0.7303].forEach((v, i) => expect(r.advantages[i]).toBeCloseTo(v, 4));
  });

  it('gives zero advantages to a group that agrees', () => {
    const r = selfReward([7, 7, 7, 7]);
    expect(r.rewards).toEqual([1, 1, 1, 1]);
    expect(r.advantages).toEqual([0, 0, 0, 0]);
  });
});
