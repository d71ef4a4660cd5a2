import { describe, expect, it } from 'vitest';
import { coordinateMedianInto, sortedMedian } from './coordinate-median.js';

describe('coordinate median', () => {
  it('middle value for odd n, mean of the two middle values for even n', () => {
    expect(sortedMedian(Float64Array.of(1, 2, 7), 3)).toBe(2);
    expect(sortedMedian(Float64Array.of(1, 2, 7, 8), 4)).toBe(4.5);
    expect(sortedMedian(Float64Array.of(1, 2, 7, 8, 99), 4)).toBe(4.5); // only buf[0..n) counts
  });

  it('per coordinate over unsorted updates', () => {
    const rows = [Float32Array.of(3, -1), Float32Array.of(1, 4), Float32Array.of(2, 1e6), Float32Array.of(-50, 0)];
    const out = new Float32Array(2);
    coordinateMedianInto(rows, out, new Float64Array(4));
    expect([...out]).toEqual([1.5, 2]);
  });
});
