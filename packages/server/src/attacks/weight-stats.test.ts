import { describe, expect, it } from 'vitest';
import {
  coordinateMeanStd,
  coordinateMinMax,
  distancesWithCopies,
  halvingSearch,
  inverseNormalCdf,
  krumScores,
  krumSelection,
  lineDistance,
  lineGeometry,
  pairwiseSquaredDistances,
  perturbation,
} from './weight-stats.js';

const f32 = (...v: number[]): Float32Array => Float32Array.from(v);

describe('weight statistics', () => {
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

  it('perturbation directions', () => {
    const mean = Float64Array.from([3, -4, 0]);
    const std = Float64Array.from([0.5, 1, 2]);
    expect([...perturbation('unit-vec', mean, std)]).toEqual([0.6, -0.8, 0]);
    expect([...perturbation('sign', mean, std)]).toEqual([1, -1, 0]);
    expect([...perturbation('std', mean, std)]).toEqual([0.5, 1, 2]);
    expect([...perturbation('unit-vec', new Float64Array(3), std)]).toEqual([0, 0, 0]);
  });

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
    // 2 copies of the line point at gamma = 1, i.e. (1, 2) = pool[0], then the pool.
    const all = distancesWithCopies(2, d, 3, g, 1);
    expect([...all.subarray(0, 5)]).toEqual([0, 0, 0, 4, 10]);
    expect([...all.subarray(10, 15)]).toEqual([0, 0, 0, 4, 10]);
    expect([...all.subarray(15, 20)]).toEqual([4, 4, 4, 0, 10]);
  });

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

  it('Krum scores and selection (1-D points 0, 1, 3, 10; f = 1: one nearest neighbour)', () => {
    const pts = [f32(0), f32(1), f32(3), f32(10)];
    const d = pairwiseSquaredDistances(pts);
    expect([...krumScores(d, 4, 1)]).toEqual([1, 1, 4, 49]);
    expect(krumSelection(d, 4, 1, 1)).toEqual([0]);
    expect(krumSelection(d, 4, 1, 3)).toEqual([0, 1, 2]);
    // f = 0: two nearest neighbours: 0 -> 1 + 9, 1 -> 1 + 4, 3 -> 4 + 9, 10 -> 49 + 81.
    expect([...krumScores(d, 4, 0)]).toEqual([10, 5, 13, 130]);
  });

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
