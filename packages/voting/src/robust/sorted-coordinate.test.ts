import { describe, expect, it } from 'vitest';
import { insertionSort, sortedCoordinate, sortedCopy } from './sorted-coordinate.js';

describe('sorted coordinate', () => {
  it('insertion sort orders buf[0..n) like Array.prototype.sort((a, b) => a - b)', () => {
    const xs = [3, -0, 0, -2, 1e-300, 5, 5, -Infinity, 0.5];
    const buf = Float64Array.from([...xs, 42, -42]);
    insertionSort(buf, xs.length);
    const want = [...xs].sort((a, b) => a - b);
    expect([...buf.subarray(0, xs.length)].map((x) => (Object.is(x, -0) ? '-0' : x))).toEqual(
      want.map((x) => (Object.is(x, -0) ? '-0' : x)),
    );
    expect([...buf.subarray(xs.length)]).toEqual([42, -42]);
  });

  it('gathers and sorts one coordinate; copies and sorts a profile', () => {
    const rows = [Float32Array.of(1, 9), Float32Array.of(1, -3), Float32Array.of(1, 4)];
    const buf = new Float64Array(3);
    sortedCoordinate(rows, 1, buf);
    expect([...buf]).toEqual([-3, 4, 9]);
    const profile = [0.5, 0.25, 1];
    expect([...sortedCopy(profile)]).toEqual([0.25, 0.5, 1]);
    expect(profile).toEqual([0.5, 0.25, 1]);
  });
});
