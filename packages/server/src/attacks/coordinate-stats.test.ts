import { describe, expect, it } from 'vitest';
import { coordinateMeanStd, coordinateMinMax } from './coordinate-stats.js';

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

  it('std of a single update is 0, not NaN', () => {
    const { std } = coordinateMeanStd([f32(1, -1)]);
    expect([...std]).toEqual([0, 0]);
  });
});
