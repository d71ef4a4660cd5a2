/**
 * Trimmed mean on one coordinate: drop the f smallest and f largest reports and average the rest,
 * y = (1/(n-2f)) sum_{k=f+1}^{n-f} x_(k), 2f < n (Yin et al. 2018). Continuous and piecewise
 * linear in each report, with breakpoints at the other reports.
 */
import { z } from 'zod';
import { defineFacilityMechanism, toleratedParam } from '../descriptor.js';
import { MechanismInputError } from '../../errors.js';
import { type FacilityMechanism, othersReports } from '../mechanism.js';

export function trimmedMean(profile: readonly number[], f: number): number {
  const n = profile.length;
  if (!(Number.isInteger(f) && f >= 0 && 2 * f < n)) {
    throw new MechanismInputError(`trimmed-mean needs an integer f with 0 <= 2f < n (n = ${n}, f = ${f})`, 'f');
  }
  const s = [...profile].sort((a, b) => a - b);
  let sum = 0;
  for (let k = f; k < n - f; k++) sum += s[k];
  return sum / (n - 2 * f);
}

export function trimmedMeanRule(f: number): FacilityMechanism {
  return {
    name: 'trimmed-mean',
    piecewiseLinear: true,
    continuous: true,
    locate: (profile) => trimmedMean(profile, f),
    breakpoints: othersReports,
  };
}

export const trimmedMeanDescriptor = defineFacilityMechanism({
  kind: 'trimmed-mean',
  params: z.object({ f: toleratedParam }),
  create: ({ f }) => trimmedMeanRule(f),
});
