/**
 * Uniform Phantom: y = med(x_1, ..., x_n, 1/n, 2/n, ..., (n-1)/n)
 * (Freeman et al. 2021; Aziz, Lam, Lee, Walsh: the unique strategyproof mechanism with unanimous
 * fair share, and the unique equilibrium outcome of continuous, strictly monotone UFS mechanisms).
 */
import { z } from 'zod';
import { defineFacilityMechanism } from './descriptor.js';
import { uniformPhantom, uniformPhantoms } from '@fedrank/voting';
import { type FacilityMechanism, othersReports } from './mechanism.js';

export const uniformPhantomMechanism: FacilityMechanism = {
  name: 'uniform-phantom',
  piecewiseLinear: true,
  continuous: true,
  locate: (profile) => uniformPhantom(profile),
  breakpoints: (profile, agent) => [...othersReports(profile, agent), ...uniformPhantoms(profile.length)],
};

export const uniformPhantomDescriptor = defineFacilityMechanism({
  kind: 'uniform-phantom',
  params: z.object({}),
  create: () => uniformPhantomMechanism,
});
