import { describe, expect, it } from 'vitest';
import { pairwiseSquaredDistances } from '../aggregators/common.js';
import { alongLine, lineDistance, lineGeometry } from './line-geometry.js';

const f32 = (...v: number[]): Float32Array => Float32Array.from(v);

describe('line geometry', () => {
  const pool = [f32(1, 2), f32(3, 2), f32(2, 5)];

  it('pairwise squared distances and the closed form along a line', () => {
    const d = pairwiseSquaredDistances(pool);
    expect([...d]).toEqual([0, 4, 10, 4, 0, 10, 10, 10, 0]);
    const origin = Float64Array.from([2, 3]);
    const dir = Float64Array.from([1, 1]);
    const g = lineGeometry(pool, origin, dir);
    for (const gamma of [0, 0.5, 2, -1]) {
      for (let i = 0; i < pool.length; i++) {
        const dx = 2 - gamma - pool[i][0];
        const dy = 3 - gamma - pool[i][1];
        expect(lineDistance(g, i, gamma)).toBeCloseTo(dx * dx + dy * dy, 10);
      }
    }
    expect([...alongLine(origin, 1, dir)]).toEqual([1, 2]);
  });
});
