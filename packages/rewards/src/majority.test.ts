import { describe, expect, it } from 'vitest';
import { RewardsError } from './errors.js';
import { majorityRewards, majorityVote, majorityVoteAndRewards } from './majority.js';

describe('majorityVote', () => {
  it("votes 'b' in ['b','a','a','b','c'] (tie goes to the answer seen first)", () => {
    expect(majorityVote(['b', 'a', 'a', 'b', 'c'])).toEqual({ answer: 'b', count: 2, index: 0, voters: 5 });
    expect(majorityVote(['a', 'b', 'b', 'a', 'c']).answer).toBe('a');
  });

  it('counts normalized answers together', () => {
    const r = majorityVote(['0.5', 'Paris', '1/2', 'paris ', '\\frac{1}{2}']);
    expect(r).toEqual({ answer: '0.5', count: 3, index: 0, voters: 5 });
  });

  it('votes on boxed answers', () => {
    const responses = [
      'The area is \\boxed{\\frac{1}{2}}.',
      'So \\boxed{0.5}',
      'Hence \\boxed{1/3}',
      'I am not sure',
      'Hence \\boxed{\\dfrac{1}{3}}',
      'final: \\boxed{.5}',
    ];
    const r = majorityVote(responses, { normalize: { boxed: true } });
    expect(r).toEqual({ answer: '0.5', count: 3, index: 0, voters: 6 });
    expect(majorityRewards(responses, { normalize: { boxed: true } })).toEqual([1, 1, 0, 0, 0, 1]);
  });

  it('lets "no answer" win by default (the reference behaviour)', () => {
    const answers = [null, 'a', '', undefined, 'b', '  '];
    expect(majorityVote(answers)).toEqual({ answer: null, count: 4, index: 0, voters: 6 });
    expect(majorityRewards(answers)).toEqual([1, 0, 1, 1, 0, 1]);
  });

  it("drops missing answers with missing: 'exclude'", () => {
    const answers = [null, 'a', '', undefined, 'b', 'b'];
    const { vote, rewards } = majorityVoteAndRewards(answers, { missing: 'exclude' });
    expect(vote).toEqual({ answer: 'b', count: 2, index: 4, voters: 3 });
    expect(rewards).toEqual([0, 0, 0, 0, 1, 1]);
  });

  it('gives nobody a reward when nobody voted', () => {
    const { vote, rewards } = majorityVoteAndRewards([null, undefined, ''], { missing: 'exclude' });
    expect(vote).toEqual({ answer: null, count: 0, index: -1, voters: 0 });
    expect(rewards).toEqual([0, 0, 0]);
    expect(majorityVote([])).toEqual({ answer: null, count: 0, index: -1, voters: 0 });
    expect(majorityRewards([])).toEqual([]);
  });

  it('votes on class labels', () => {
    expect(majorityVote([3, 1, 3, 2, 1, 3])).toEqual({ answer: '3', count: 3, index: 0, voters: 6 });
    expect(majorityRewards([3, 1, 3, 2, 1, 3])).toEqual([1, 0, 1, 0, 0, 1]);
  });

  it('accepts a custom normalizer', () => {
    const firstLetter = (a: string | number | null | undefined): string | null => (typeof a === 'string' && a.length > 0 ? a[0] : null);
    expect(majorityVote(['apple', 'banana', 'avocado'], { normalize: firstLetter })).toEqual({
      answer: 'a',
      count: 2,
      index: 0,
      voters: 3,
    });
  });

  it('rejects an unknown missing policy with a user-facing error', () => {
    let err: unknown;
    try {
      majorityVote(['a'], { missing: 'drop' as unknown as 'vote' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(RewardsError);
    expect((err as RewardsError).exitCode).toBe(2);
    expect((err as RewardsError).field).toBe('missing');
  });
});

describe('majorityRewards', () => {
  it("gives [1,0,0,1,0] for ['b','a','a','b','c']", () => {
    expect(majorityRewards(['b', 'a', 'a', 'b', 'c'])).toEqual([1, 0, 0, 1, 0]);
  });

  it('gives all ones to a group that agrees', () => {
    expect(majorityRewards(['x', 'X', ' x'])).toEqual([1, 1, 1]);
  });
});
