/**
 * Average mechanism: y = (1/n) sum_i x_i. Continuous, strictly monotone and UFS but not
 * strategyproof; its equilibrium outcome is the Uniform Phantom outcome (Aziz, Lam, Lee, Walsh).
 * The server's `mean` aggregation rule on one coordinate is the same function.
 */
import { z } from 'zod';
import { defineFacilityMechanism } from './descriptor.js';
import type { FacilityMechanism } from './mechanism.js';

export function average(profile: readonly number[]): number {
  let s = 0;
  for (const x of profile) s += x;
  return s / profile.length;
}

export const averageMechanism: FacilityMechanism = {
  name: 'average',
  piecewiseLinear: true,
  continuous: true,
  locate: average,
  breakpoints: () => [],
};

export const meanRule: FacilityMechanism = { ...averageMechanism, name: 'mean' };

export const averageDescriptor = defineFacilityMechanism({
  kind: 'average',
  params: z.object({}),
  create: () => averageMechanism,
});

export const meanDescriptor = defineFacilityMechanism({
  kind: 'mean',
  params: z.object({}),
  create: () => meanRule,
});
