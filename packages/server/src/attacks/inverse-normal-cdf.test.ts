import { describe, expect, it } from 'vitest';
import { inverseNormalCdf } from './inverse-normal-cdf.js';

describe('inverse normal CDF', () => {
  it('inverse normal CDF matches scipy.stats.norm.ppf', () => {
    const cases: [number, number][] = [
      [0.5, 0],
      [0.6, 0.2533471031357997],
      [0.68, 0.4676987991145084],
      [0.975, 1.959963984540054],
      [0.01, -2.3263478740408408],
      [0.999, 3.090232306167813],
    ];
    for (const [p, z] of cases) expect(inverseNormalCdf(p)).toBeCloseTo(z, 7);
    expect(inverseNormalCdf(0)).toBe(-Infinity);
    expect(inverseNormalCdf(1)).toBe(Infinity);
  });
});
