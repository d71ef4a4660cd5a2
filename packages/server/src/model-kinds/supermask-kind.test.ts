import { describe, expect, it } from 'vitest';
import { scoresFromRanking } from './supermask-kind.js';

describe('scoresFromRanking', () => {
  it('assigns the sorted round-0 values along the global ranking', () => {
    const sorted = Float32Array.from([0.3, -0.1, 0.2, -0.4]).sort();
    // ranking: edge 2 lowest, then 0, then 3, then 1 highest
    const scores = scoresFromRanking(sorted, Uint32Array.from([2, 0, 3, 1]));
    expect(Array.from(scores)).toEqual(Array.from(Float32Array.from([-0.1, 0.3, -0.4, 0.2])));
  });

  it('keeps the scores a permutation of the initial values', () => {
    const init = Float32Array.from({ length: 100 }, (_, i) => Math.sin(i));
    const ranking = Uint32Array.from({ length: 100 }, (_, i) => (i * 37) % 100);
    const scores = scoresFromRanking(Float32Array.from(init).sort(), ranking);
    expect(Array.from(scores).sort()).toEqual(Array.from(init).sort());
  });

  it('rejects a ranking of the wrong length', () => {
    expect(() => scoresFromRanking(new Float32Array(3), Uint32Array.from([0, 1]))).toThrow(RangeError);
  });
});
