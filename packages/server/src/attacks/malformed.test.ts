import { describe, expect, it } from 'vitest';
import { Rng } from '@fedrank/random';
import { BordaAccumulator, validatePermutation } from '@fedrank/voting';
import {
  MALFORMED_RANKING_KINDS,
  MALFORMED_WEIGHT_KINDS,
  malformedBytes,
  malformedRankingUpdate,
  malformedWeightUpdate,
} from './malformed.js';
import { AttackError } from './types.js';

/** The server's checks: one valid permutation per layer, of the layer's size. */
function rankingUpdateOk(update: Uint32Array[], sizes: readonly number[]): boolean {
  return update.length === sizes.length && update.every((r, l) => validatePermutation(r, sizes[l]) === null);
}

function weightUpdateOk(update: Float32Array, size: number): boolean {
  return update.length === size && update.every((x) => Number.isFinite(x));
}

describe('malformed ranking updates', () => {
  const shapes: number[][] = [[5, 1, 0, 300], [2], [1], [0], [], [0, 0], [1, 1, 1], [70_000]];

  for (const kind of MALFORMED_RANKING_KINDS) {
    it(`'${kind}' always fails the server's validation`, () => {
      for (const sizes of shapes) {
        for (let seed = 0; seed < 25; seed++) {
          const update = malformedRankingUpdate(kind, sizes, new Rng(seed));
          expect(rankingUpdateOk(update, sizes), `${kind} ${JSON.stringify(sizes)} seed ${seed}`).toBe(false);
        }
      }
    });
  }

  it('corrupts exactly what the kind says', () => {
    const sizes = [50, 60];
    const t = malformedRankingUpdate('truncated', sizes, new Rng(1));
    expect(t.some((r, l) => r.length < sizes[l])).toBe(true);
    const d = malformedRankingUpdate('duplicate', sizes, new Rng(1));
    expect(d.map((r) => r.length)).toEqual(sizes);
    expect(d.map((r, l) => validatePermutation(r, sizes[l])).join(' ')).toMatch(/duplicate edge id/);
    const o = malformedRankingUpdate('out-of-range', sizes, new Rng(1));
    expect(o.map((r, l) => validatePermutation(r, sizes[l])).join(' ')).toMatch(/out of range/);
    expect(malformedRankingUpdate('wrong-layers', sizes, new Rng(1)).length).not.toBe(sizes.length);
  });

  it("is rejected by the server's vote (BordaAccumulator) layer by layer", () => {
    for (const kind of ['truncated', 'duplicate', 'out-of-range'] as const) {
      const update = malformedRankingUpdate(kind, [40], new Rng(3));
      expect(() => new BordaAccumulator(40).add(update[0])).toThrow(RangeError);
    }
  });

  it('is deterministic per seed', () => {
    for (const kind of MALFORMED_RANKING_KINDS) {
      const a = malformedRankingUpdate(kind, [30, 40], new Rng(8)).map((r) => Array.from(r));
      const b = malformedRankingUpdate(kind, [30, 40], new Rng(8)).map((r) => Array.from(r));
      expect(a).toEqual(b);
    }
  });

  it('rejects invalid layer sizes', () => {
    expect(() => malformedRankingUpdate('duplicate', [-1], new Rng(1))).toThrow(AttackError);
    expect(() => malformedRankingUpdate('duplicate', [1.5], new Rng(1))).toThrow(AttackError);
  });
});

describe('malformed weight updates', () => {
  for (const kind of MALFORMED_WEIGHT_KINDS) {
    it(`'${kind}' always fails the length or finiteness check`, () => {
      for (const size of [0, 1, 2, 10, 1000, 100_000]) {
        for (let seed = 0; seed < 20; seed++) {
          const update = malformedWeightUpdate(kind, size, new Rng(seed));
          expect(weightUpdateOk(update, size), `${kind} ${size} seed ${seed}`).toBe(false);
        }
      }
    });
  }

  it('corrupts exactly what the kind says', () => {
    const n = 1000;
    expect(malformedWeightUpdate('truncated', n, new Rng(1)).length).toBeLessThan(n);
    expect(malformedWeightUpdate('duplicate', n, new Rng(1)).length).toBe(2 * n);
    expect(malformedWeightUpdate('wrong-layers', n, new Rng(1)).length).toBeGreaterThan(n);
    const nan = malformedWeightUpdate('nan', n, new Rng(1));
    expect(nan.length).toBe(n);
    expect(nan.some((x) => Number.isNaN(x))).toBe(true);
    const inf = malformedWeightUpdate('out-of-range', n, new Rng(1));
    expect(inf.length).toBe(n);
    expect(inf.some((x) => x === Infinity || x === -Infinity)).toBe(true);
    expect(inf.some((x) => Number.isNaN(x))).toBe(false);
  });

  it('is deterministic per seed', () => {
    for (const kind of MALFORMED_WEIGHT_KINDS) {
      expect(Array.from(malformedWeightUpdate(kind, 64, new Rng(5)))).toEqual(Array.from(malformedWeightUpdate(kind, 64, new Rng(5))));
    }
  });
});

describe('malformed bytes', () => {
  it('are the requested number of seeded random bytes', () => {
    for (const length of [0, 1, 3, 4, 5, 1000]) {
      const a = malformedBytes(new Rng(2), length);
      expect(a.length).toBe(length);
      expect(Array.from(a)).toEqual(Array.from(malformedBytes(new Rng(2), length)));
    }
    const big = malformedBytes(new Rng(2), 4096);
    expect(new Set(big).size).toBeGreaterThan(200);
    expect(Array.from(malformedBytes(new Rng(3), 64))).not.toEqual(Array.from(malformedBytes(new Rng(2), 64)));
    expect(() => malformedBytes(new Rng(1), -1)).toThrow(AttackError);
  });
});
