/**
 * Moulin's generalized median: y = med(x_1, ..., x_n, p_1, ..., p_k), phantoms p fixed, n + k odd
 * (Moulin 1980; Aziz, Lam, Lee, Walsh, section 3). Strategyproof; as a function of one report r
 * it is clamp(r, L, H) for order statistics L <= H of the others and the phantoms.
 */
import { z } from 'zod';
import { defineFacilityMechanism } from './descriptor.js';
import { generalizedMedian as median } from '@fedrank/voting';
import { MechanismInputError } from '../errors.js';
import { type FacilityMechanism, othersReports } from './mechanism.js';

export function generalizedMedianMechanism(phantoms: readonly number[]): FacilityMechanism {
  phantoms.forEach((p, i) => {
    if (!(p >= 0 && p <= 1)) throw new MechanismInputError(`phantoms[${i}] = ${p} is outside [0, 1]`, 'phantoms');
  });
  return {
    name: 'generalized-median',
    piecewiseLinear: true,
    continuous: true,
    locate: (profile) => {
      if ((profile.length + phantoms.length) % 2 === 0) {
        throw new MechanismInputError(
          `${profile.length} reports + ${phantoms.length} phantoms is even: give n-1 or n+1 phantoms (here ${profile.length - 1} or ${profile.length + 1})`,
          'phantoms',
        );
      }
      return median(profile, phantoms);
    },
    breakpoints: (profile, agent) => [...othersReports(profile, agent), ...phantoms],
  };
}

export const generalizedMedianDescriptor = defineFacilityMechanism({
  kind: 'generalized-median',
  params: z.object({
    phantoms: z.array(z.number(), { error: 'generalized-median needs phantoms (n - 1 or n + 1 locations in [0, 1])' }).readonly(),
  }),
  create: ({ phantoms }) => generalizedMedianMechanism(phantoms),
});
