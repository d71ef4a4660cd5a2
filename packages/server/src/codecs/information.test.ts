import { describe, expect, it } from 'vitest';
import { bitpackedBits, informationBits, log2Factorial } from './information.js';

/** log2(n!) summed term by term with Kahan compensation. */
function exactLog2Factorial(n: number): number {
  let s = 0;
  let c = 0;
  for (let k = 2; k <= n; k++) {
    const y = Math.log2(k) - c;
    const t = s + y;
    c = t - s - y;
    s = t;
  }
  return s;
}

describe('log2Factorial', () => {
  it('is exact for small n', () => {
    expect(log2Factorial(0)).toBe(0);
    expect(log2Factorial(1)).toBe(0);
    expect(log2Factorial(2)).toBe(1);
    expect(log2Factorial(3)).toBeCloseTo(Math.log2(6), 14);
    expect(log2Factorial(10)).toBeCloseTo(Math.log2(3628800), 12);
    expect(log2Factorial(20)).toBeCloseTo(Math.log2(2432902008176640000), 12);
  });

  it('matches the exact sum across the switch to Stirling and for large n', () => {
    for (const n of [62, 63, 64, 65, 100, 1000, 12345, 100000, 1605632]) {
      const exact = exactLog2Factorial(n);
      expect(Math.abs(log2Factorial(n) - exact)).toBeLessThan(1e-12 * Math.max(1, exact));
    }
  });

  it('rejects negative and fractional n', () => {
    expect(() => log2Factorial(-1)).toThrow(RangeError);
    expect(() => log2Factorial(2.5)).toThrow(RangeError);
  });
});

describe('informationBits / bitpackedBits', () => {
  const lenet = [288, 18432, 1605632, 1280];

  it('sums over layers', () => {
    expect(informationBits([3, 4])).toBeCloseTo(Math.log2(6 * 24), 12);
    expect(informationBits([])).toBe(0);
    expect(bitpackedBits([3, 4, 1, 0])).toBe(3 * 2 + 4 * 2);
  });

  it('LeNet: 34,011,424 bits bit-packed (20.92 per edge), 31,031,124 bits of information (19.09 per edge)', () => {
    const edges = 1625632;
    expect(bitpackedBits(lenet)).toBe(288 * 9 + 18432 * 15 + 1605632 * 21 + 1280 * 11);
    expect(bitpackedBits(lenet)).toBe(34011424);
    const info = informationBits(lenet);
    expect(info).toBeCloseTo(
      lenet.reduce((s, n) => s + exactLog2Factorial(n), 0),
      3,
    );
    expect(Math.round(info)).toBe(31031124);
    expect(info / edges).toBeCloseTo(19.0887, 4);
    // The paper's figure, sum of n log2 n: 20.53 bits per edge, 3.98 MiB.
    expect(lenet.reduce((s, n) => s + n * Math.log2(n), 0) / 8 / 2 ** 20).toBeCloseTo(3.98, 2);
  });
});
