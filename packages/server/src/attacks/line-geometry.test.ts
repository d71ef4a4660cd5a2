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

  it('sums a and c over the coordinates in order, bit for bit, at lengths the native kernel takes', () => {
    let seed = 9;
    const rand = (): number => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32;
    const dim = 4099;
    const updates = Array.from({ length: 11 }, () =>
      Float32Array.from({ length: dim }, () => (rand() - 0.5) * 2 ** Math.floor(rand() * 20 - 10)),
    );
    const origin = Float64Array.from({ length: dim }, () => rand() - 0.5);
    const dir = Float64Array.from({ length: dim }, () => rand());
    const g = lineGeometry(updates, origin, dir);
    updates.forEach((x, i) => {
      let a = 0;
      let c = 0;
      for (let j = 0; j < dim; j++) {
        const d = origin[j] - x[j];
        a += d * d;
        c += dir[j] * d;
      }
      expect(g.a[i]).toBe(a);
      expect(g.c[i]).toBe(c);
    });
  });
});
