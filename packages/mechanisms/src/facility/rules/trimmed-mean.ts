/**
 * The server's trimmed mean on one coordinate (the `trimmed-mean` weight rule).
 *
 * Formula:    y = (1/(n-2f)) sum_{k=f+1}^{n-f} x_(k): drop the f smallest and f largest reports
 *             and average the rest.
 * Parameters: f, an integer with 0 <= 2f < n.
 * Input:      a profile of n reports.
 * Returns:    the location, from @fedrank/voting's sortedTrimmedMean (the kernel the server uses).
 *             Continuous and piecewise linear in each report, with breakpoints at the other reports.
 * Reference:  Yin, Chen, Kannan, Bartlett, "Byzantine-Robust Distributed Learning: Towards Optimal
 *             Statistical Rates", ICML 2018.
 */
import { z } from 'zod';
import { defineFacilityMechanism, toleratedParam } from '../descriptor.js';
import { sortedCopy, sortedTrimmedMean } from '@fedrank/voting';
import { MechanismInputError } from '../../errors.js';
import { type FacilityMechanism, othersReports } from '../mechanism.js';

export function trimmedMean(profile: readonly number[], f: number): number {
  const n = profile.length;
  if (!(Number.isInteger(f) && f >= 0 && 2 * f < n)) {
    throw new MechanismInputError(`trimmed-mean needs an integer f with 0 <= 2f < n (n = ${n}, f = ${f})`, 'f');
  }
  return sortedTrimmedMean(sortedCopy(profile), n, f);
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
