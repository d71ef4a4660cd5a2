import { describe, expect, it } from 'vitest';
import { Rng } from '@fedrank/random';
import { validatePermutation } from '@fedrank/voting';
import { createRankReversal, reversedBordaRanking } from './rank-reversal.js';
import { AttackError, type RankingAttackContext } from './types.js';

function ctxOf(own: Uint32Array[][], count: number, layerSizes: number[]): RankingAttackContext {
  return {
    round: 0,
    rng: new Rng(1),
    own,
    globalRanking: layerSizes.map((n) => Uint32Array.from({ length: n }, (_, i) => i)),
    layerSizes,
    count,
    keep: 0.5,
  };
}

const u32 = (xs: number[]) => Uint32Array.from(xs);

describe('rank-reversal', () => {
  it('reverses the Borda ranking of the attackers (3 clients x 5 edges, by hand)', () => {
    // Positions: c0 [0,1,2,3,4] -> e0..e4 at 0..4; c1 [1,0,2,4,3] -> e0:1 e1:0 e2:2 e3:4 e4:3;
    // c2 [2,1,0,3,4] -> e0:2 e1:1 e2:0 e3:3 e4:4. Sums: e0 3, e1 2, e2 4, e3 10, e4 11.
    // Borda (ascending): [1,0,2,3,4]; reversed: [4,3,2,0,1].
    // Layer 2 (3 edges): [2,0,1], [0,2,1], [2,1,0] -> sums e0 1+0+2=3, e1 2+2+1=5, e2 0+1+0=1:
    // Borda [2,0,1], reversed [1,0,2].
    const own = [
      [u32([0, 1, 2, 3, 4]), u32([2, 0, 1])],
      [u32([1, 0, 2, 4, 3]), u32([0, 2, 1])],
      [u32([2, 1, 0, 3, 4]), u32([2, 1, 0])],
    ];
    const out = createRankReversal().craft(ctxOf(own, 4, [5, 3]));
    expect(out).toHaveLength(4);
    for (const client of out) {
      expect(Array.from(client[0])).toEqual([4, 3, 2, 0, 1]);
      expect(Array.from(client[1])).toEqual([1, 0, 2]);
    }
    // Copies: the clients do not share one buffer.
    expect(out[0][0]).not.toBe(out[1][0]);
  });

  it('breaks ties as the exact reverse of the Borda ranking (descending edge id)', () => {
    expect(Array.from(reversedBordaRanking([u32([0, 1, 2]), u32([2, 1, 0])], 3))).toEqual([2, 1, 0]);
  });

  it('returns nothing for no malicious client and refuses an empty collusion pool', () => {
    expect(createRankReversal().craft(ctxOf([[u32([0, 1])]], 0, [2]))).toEqual([]);
    expect(() => createRankReversal().craft(ctxOf([], 2, [2]))).toThrow(AttackError);
    expect(() => createRankReversal().craft(ctxOf([[u32([0, 1, 2])]], 1, [2]))).toThrow(AttackError);
  });

  it('returns valid permutations on random inputs', () => {
    const rng = new Rng(5);
    const sizes = [1, 7, 1000];
    const own = Array.from({ length: 6 }, () => sizes.map((n) => rng.permutation(n)));
    for (const client of createRankReversal().craft(ctxOf(own, 3, sizes))) {
      client.forEach((r, l) => expect(validatePermutation(r, sizes[l])).toBeNull());
    }
  });
});
