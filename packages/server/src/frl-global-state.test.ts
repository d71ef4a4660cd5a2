import { describe, expect, it } from 'vitest';
import { FrlGlobalState } from './frl-global-state.js';

describe('FrlGlobalState', () => {
  it('assigns the sorted round-0 values along the global ranking', () => {
    const s = new FrlGlobalState([Float32Array.from([0.3, -0.1, 0.2, -0.4])]);
    // ranking: edge 2 lowest, then 0, then 3, then 1 highest
    s.applyRanking(0, Uint32Array.from([2, 0, 3, 1]));
    expect(Array.from(s.scores[0])).toEqual(Array.from(Float32Array.from([-0.1, 0.3, -0.4, 0.2])));
  });

  it('keeps the global state a permutation of the initial values', () => {
    const init = Float32Array.from({ length: 100 }, (_, i) => Math.sin(i));
    const s = new FrlGlobalState([init]);
    const ranking = Uint32Array.from({ length: 100 }, (_, i) => (i * 37) % 100);
    s.applyRanking(0, ranking);
    expect(Array.from(s.scores[0]).sort()).toEqual(Array.from(init).sort());
  });
});
