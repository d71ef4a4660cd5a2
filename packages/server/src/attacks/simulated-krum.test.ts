import { describe, expect, it } from 'vitest';
import { pairwiseSquaredDistances } from '../aggregators/common.js';
import { lineGeometry } from './line-geometry.js';
import { distancesWithCopies, krumSelection } from './simulated-krum.js';

const f32 = (...v: number[]): Float32Array => Float32Array.from(v);

describe('simulated Krum', () => {
  it('selection by Krum score (1-D points 0, 1, 3, 10)', () => {
    const d = pairwiseSquaredDistances([f32(0), f32(1), f32(3), f32(10)]);
    // f = 1: one nearest neighbour: scores 1, 1, 4, 49.
    expect(krumSelection(d, 4, 1, 1)).toEqual([0]);
    expect(krumSelection(d, 4, 1, 3)).toEqual([0, 1, 2]);
    // f = 0: two nearest neighbours: 0 -> 1 + 9, 1 -> 1 + 4, 3 -> 4 + 9, 10 -> 49 + 81.
    expect(krumSelection(d, 4, 0, 4)).toEqual([1, 0, 2, 3]);
    // f too large for n - f - 2 >= 1: still one neighbour; m is clamped to [1, n].
    expect(krumSelection(d, 4, 3, 0)).toEqual([0]);
    expect(krumSelection(d, 4, 3, 9)).toEqual([0, 1, 2, 3]);
  });

  it('distances among copies of a line point and a pool', () => {
    const pool = [f32(1, 2), f32(3, 2), f32(2, 5)];
    const d = pairwiseSquaredDistances(pool);
    const g = lineGeometry(pool, Float64Array.from([2, 3]), Float64Array.from([1, 1]));
    // 2 copies of the line point at gamma = 1, i.e. (1, 2) = pool[0], then the pool.
    const all = distancesWithCopies(2, d, 3, g, 1);
    expect([...all.subarray(0, 5)]).toEqual([0, 0, 0, 4, 10]);
    expect([...all.subarray(10, 15)]).toEqual([0, 0, 0, 4, 10]);
    expect([...all.subarray(15, 20)]).toEqual([4, 4, 4, 0, 10]);
  });
});
