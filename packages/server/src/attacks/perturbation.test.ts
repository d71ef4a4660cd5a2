import { describe, expect, it } from 'vitest';
import { perturbation } from './perturbation.js';

describe('perturbation directions', () => {
  it('perturbation directions', () => {
    const mean = Float64Array.from([3, -4, 0]);
    const std = Float64Array.from([0.5, 1, 2]);
    expect([...perturbation('unit-vec', mean, std)]).toEqual([0.6, -0.8, 0]);
    expect([...perturbation('sign', mean, std)]).toEqual([1, -1, 0]);
    expect([...perturbation('std', mean, std)]).toEqual([0.5, 1, 2]);
    expect([...perturbation('unit-vec', new Float64Array(3), std)]).toEqual([0, 0, 0]);
  });
});
