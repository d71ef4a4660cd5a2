import { describe, expect, it } from 'vitest';
import { coordinateTrimmedMeanInto, sortedTrimmedMean } from './trimmed-mean.js';

describe('trimmed mean', () => {
  it('averages sorted[b..n-b)', () => {
    const s = Float64Array.of(-100, 1, 2, 3, 100);
    expect(sortedTrimmedMean(s, 5, 0)).toBe(1.2);
    expect(sortedTrimmedMean(s, 5, 1)).toBe(2);
    expect(sortedTrimmedMean(s, 5, 2)).toBe(2);
  });

  it('per coordinate, in float64, written to float32', () => {
    const rows = [Float32Array.of(5, 0.1), Float32Array.of(-1, 0.2), Float32Array.of(2, 0.3), Float32Array.of(9, 1e30)];
    const out = new Float32Array(2);
    coordinateTrimmedMeanInto(rows, 1, out, new Float64Array(4));
    expect(out[0]).toBe(3.5);
    expect(out[1]).toBe(Math.fround((Math.fround(0.2) + Math.fround(0.3)) / 2));
  });
});
