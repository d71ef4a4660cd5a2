/**
 * Median mechanism: y = x_(ceil(n/2)), the lower median of the sorted profile (the left one of
 * the two middle reports when n is even), a generalized median with phantoms at 0 and 1.
 * Strategyproof and welfare-optimal, but fails IFS, UFS and proportionality.
 */
import { z } from 'zod';
import { defineFacilityMechanism } from './descriptor.js';
import { type FacilityMechanism, othersReports } from './mechanism.js';

export function lowerMedian(profile: readonly number[]): number {
  const s = [...profile].sort((a, b) => a - b);
  return s[Math.ceil(s.length / 2) - 1];
}

export const medianMechanism: FacilityMechanism = {
  name: 'median',
  piecewiseLinear: true,
  continuous: true,
  locate: lowerMedian,
  breakpoints: othersReports,
};

export const medianDescriptor = defineFacilityMechanism({
  kind: 'median',
  params: z.object({}),
  create: () => medianMechanism,
});
