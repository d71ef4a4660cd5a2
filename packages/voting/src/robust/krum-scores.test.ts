import { describe, expect, it } from 'vitest';
import { argmin, iterativeKrum, krumOrder, krumScores } from './krum-scores.js';

/** Row-major squared distances of 1-D points. */
function dist1d(xs: number[]): Float64Array {
  const n = xs.length;
  const d = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) d[i * n + j] = (xs[i] - xs[j]) ** 2;
  return d;
}

describe('Krum scores', () => {
  // Points 0, 1, 3, 10.
  const d = dist1d([0, 1, 3, 10]);

  it('sum the k smallest distances to the other updates', () => {
    expect([...krumScores(d, 4, 1)]).toEqual([1, 1, 4, 49]);
    expect([...krumScores(d, 4, 2)]).toEqual([10, 5, 13, 130]);
    // k is clamped to the n - 1 others (and to 0 below)
    expect([...krumScores(d, 4, 9)]).toEqual([110, 86, 62, 230]);
    expect([...krumScores(d, 4, -1)]).toEqual([0, 0, 0, 0]);
  });

  it('skip inactive updates: they score Infinity and are no neighbours', () => {
    const active = Uint8Array.of(1, 0, 1, 1);
    expect([...krumScores(d, 4, 1, active)]).toEqual([9, Infinity, 9, 49]);
  });

  it('argmin and the order break ties towards the lower index', () => {
    const s = Float64Array.of(3, 1, 2, 1, Infinity);
    expect(argmin(s)).toBe(1);
    expect(krumOrder(s)).toEqual([1, 3, 2, 0, 4]);
  });

  it('iterative Krum re-scores the remaining updates each time', () => {
    // One neighbour: 0 and 1 tie at 1 -> 0; then 1 and 3 tie at 4 -> 1; then 3 and 10 tie at 49 -> 3.
    expect(iterativeKrum(d, 4, 3, () => 1)).toEqual([0, 1, 2]);
    expect(iterativeKrum(d, 4, 9, () => 1)).toEqual([0, 1, 2, 3]);
  });
});
