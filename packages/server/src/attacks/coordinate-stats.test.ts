import { describe, expect, it } from 'vitest';
import { coordinateMean, coordinateMeanStd, coordinateMinMax } from './coordinate-stats.js';

const f32 = (...v: number[]): Float32Array => Float32Array.from(v);

describe('coordinate statistics', () => {
  const pool = [f32(1, 2), f32(3, 2), f32(2, 5)];

  it('mean, unbiased std, min and max per coordinate', () => {
    const { mean, std } = coordinateMeanStd(pool);
    expect([...mean]).toEqual([2, 3]);
    expect(std[0]).toBeCloseTo(1, 12); // deviations -1, 1, 0: 2 / (3 - 1)
    expect(std[1]).toBeCloseTo(Math.sqrt(3), 12); // deviations -1, -1, 2: 6 / 2
    const { min, max } = coordinateMinMax(pool);
    expect([...min]).toEqual([1, 2]);
    expect([...max]).toEqual([3, 5]);
  });

  it('gives the float64 sums in update order, bit for bit, on updates long enough for the native kernels', () => {
    let seed = 5;
    const rand = (): number => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32;
    const dim = 5003;
    for (const n of [1, 2, 7, 25]) {
      const updates = Array.from({ length: n }, () =>
        Float32Array.from({ length: dim }, () => (rand() - 0.5) * 2 ** Math.floor(rand() * 30 - 15)),
      );
      const { mean, std } = coordinateMeanStd(updates);
      for (const j of [0, 1, 17, 2048, 4095, 4096, dim - 1]) {
        let s = 0;
        for (const u of updates) s += u[j];
        const m = s * (1 / n);
        let q = 0;
        for (const u of updates) q += (u[j] - m) * (u[j] - m);
        expect(mean[j]).toBe(m);
        expect(std[j]).toBe(n < 2 ? 0 : Math.sqrt(q * (1 / (n - 1))));
      }
      expect(coordinateMean(updates)).toEqual(mean);
    }
  });

  it('std of a single update is 0, not NaN', () => {
    const { std } = coordinateMeanStd([f32(1, -1)]);
    expect([...std]).toEqual([0, 0]);
  });
});
