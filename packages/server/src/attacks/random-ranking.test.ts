import { describe, expect, it } from 'vitest';
import { Rng } from '@fedrank/random';
import { validatePermutation } from '@fedrank/voting';
import { createRandomRanking } from './random-ranking.js';
import type { RankingAttackContext } from './types.js';

function ctxOf(seed: number, round: number, count: number, layerSizes: number[]): RankingAttackContext {
  return {
    round,
    rng: new Rng(seed),
    own: [],
    globalRanking: layerSizes.map((n) => Uint32Array.from({ length: n }, (_, i) => i)),
    layerSizes,
    count,
    keep: 0.5,
  };
}

describe('random-ranking', () => {
  const sizes = [0, 1, 10, 5000];

  it('returns count independent valid permutations per layer', () => {
    const out = createRandomRanking().craft(ctxOf(3, 0, 4, sizes));
    expect(out).toHaveLength(4);
    for (const client of out) {
      expect(client).toHaveLength(sizes.length);
      client.forEach((r, l) => expect(validatePermutation(r, sizes[l])).toBeNull());
    }
    expect(Array.from(out[0][3])).not.toEqual(Array.from(out[1][3]));
  });

  it('is deterministic per seed and round, and differs across seeds and rounds', () => {
    const a = createRandomRanking().craft(ctxOf(3, 2, 2, sizes));
    const b = createRandomRanking().craft(ctxOf(3, 2, 2, sizes));
    expect(a.map((c) => c.map((r) => Array.from(r)))).toEqual(b.map((c) => c.map((r) => Array.from(r))));
    const otherSeed = createRandomRanking().craft(ctxOf(4, 2, 2, sizes));
    const otherRound = createRandomRanking().craft(ctxOf(3, 3, 2, sizes));
    expect(Array.from(otherSeed[0][3])).not.toEqual(Array.from(a[0][3]));
    expect(Array.from(otherRound[0][3])).not.toEqual(Array.from(a[0][3]));
  });

  it('does not depend on how many clients or layers are drawn', () => {
    const few = createRandomRanking().craft(ctxOf(9, 0, 1, [10]));
    const many = createRandomRanking().craft(ctxOf(9, 0, 3, [10, 20]));
    expect(Array.from(many[0][0])).toEqual(Array.from(few[0][0]));
  });
});
