import { describe, expect, it } from 'vitest';
import { halvingSearch } from './halving-search.js';

describe('halving search', () => {
  it('halving search: converges to the largest success, 0 when none, 2*init when all succeed', () => {
    expect(halvingSearch(5, 1e-5, (l) => l <= 3.3)).toBeCloseTo(3.3, 4);
    expect(halvingSearch(5, 1e-5, (l) => l <= 3.3)).toBeLessThanOrEqual(3.3);
    expect(halvingSearch(5, 1e-5, () => false)).toBe(0);
    const all = halvingSearch(5, 1e-5, () => true);
    expect(all).toBeLessThan(10);
    expect(all).toBeGreaterThan(10 - 3e-5);
    // The probes of the reference: 5 (ok), 7.5 (fail), 6.25 (ok), ...
    const probes: number[] = [];
    halvingSearch(5, 1e-5, (l) => {
      probes.push(l);
      return l <= 7;
    });
    expect(probes.slice(0, 4)).toEqual([5, 7.5, 6.25, 6.875]);
  });
});
