import { describe, expect, it } from 'vitest';
import { PhantomMedianError, generalizedMedian, uniformPhantom, uniformPhantomCoordinatewise, uniformPhantoms } from './phantom-median.js';

describe('generalizedMedian', () => {
  it('is the median of reports and phantoms', () => {
    expect(generalizedMedian([0.9, 0.1, 0.2], [0.5, 0.6])).toBe(0.5);
    expect(generalizedMedian([0.9, 0.1, 0.2], [0, 1])).toBe(0.2); // phantoms at the ends: plain median
    expect(generalizedMedian([0.3], [])).toBe(0.3);
  });
  it('rejects an even count and an empty profile with exit code 2', () => {
    expect(() => generalizedMedian([0.1, 0.2], [])).toThrow(/even/);
    try {
      generalizedMedian([], [0.5]);
    } catch (e) {
      expect(e).toBeInstanceOf(PhantomMedianError);
      expect((e as PhantomMedianError).exitCode).toBe(2);
    }
  });
});

describe('uniformPhantom', () => {
  it('gives 1/3 on (0.1, 0.2, 0.9) and on (0, 0, 1)', () => {
    expect(uniformPhantom([0.1, 0.2, 0.9])).toBeCloseTo(1 / 3, 12);
    expect(uniformPhantom([0, 0, 1])).toBeCloseTo(1 / 3, 12);
  });
  it('is unanimous and proportional', () => {
    expect(uniformPhantom([0.4, 0.4, 0.4, 0.4])).toBe(0.4);
    // k agents at 1 and n-k at 0 give k/n
    for (let n = 1; n <= 6; n++) {
      for (let k = 0; k <= n; k++) {
        const p = [...new Array<number>(n - k).fill(0), ...new Array<number>(k).fill(1)];
        expect(uniformPhantom(p)).toBeCloseTo(k / n, 12);
      }
    }
  });
  it('rejects reports outside [0,1]', () => {
    expect(() => uniformPhantom([0.5, 1.2])).toThrow(/outside \[0, 1\]/);
  });
  it('places the phantoms at k/n', () => {
    expect(uniformPhantoms(4)).toEqual([0.25, 0.5, 0.75]);
  });
});

describe('uniformPhantomCoordinatewise', () => {
  it('agrees with uniformPhantom after rescaling each coordinate to its range', () => {
    const updates = [Float32Array.from([0.1, -2, 5, 7]), Float32Array.from([0.2, 4, 5, 1]), Float32Array.from([0.9, 1, 5, 3])];
    const out = uniformPhantomCoordinatewise(updates);
    for (let j = 0; j < 4; j++) {
      const col = updates.map((u) => u[j]);
      const lo = Math.min(...col);
      const hi = Math.max(...col);
      const expected = hi === lo ? lo : lo + (hi - lo) * uniformPhantom(col.map((x) => (x - lo) / (hi - lo)));
      expect(out[j]).toBeCloseTo(expected, 5);
    }
  });
  it('uses a fixed range and clamps reports into it', () => {
    const updates = [Float32Array.from([0, 5]), Float32Array.from([0, 5]), Float32Array.from([1, -5])];
    const out = uniformPhantomCoordinatewise(updates, { lo: 0, hi: 1 });
    expect(out[0]).toBeCloseTo(1 / 3, 6);
    expect(out[1]).toBeCloseTo(2 / 3, 6); // reports clamp to (1, 1, 0): two at 1, one at 0
  });
  it('rejects ragged updates', () => {
    expect(() => uniformPhantomCoordinatewise([new Float32Array(2), new Float32Array(3)])).toThrow(/coordinates/);
    expect(() => uniformPhantomCoordinatewise([])).toThrow(/no updates/);
  });
});
