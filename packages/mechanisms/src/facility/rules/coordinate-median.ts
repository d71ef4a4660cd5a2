/**
 * The server's coordinate-wise median on one coordinate: y = x_((n+1)/2) for odd n and
 * (x_(n/2) + x_(n/2+1)) / 2 for even n (Yin et al. 2018). For odd n it is the median mechanism;
 * for even n it averages the two middle reports and is no longer strategyproof.
 */
import { z } from 'zod';
import { defineFacilityMechanism } from '../descriptor.js';
import { type FacilityMechanism, othersReports } from '../mechanism.js';

export function coordinateMedian(profile: readonly number[]): number {
  const s = [...profile].sort((a, b) => a - b);
  const n = s.length;
  return n % 2 === 1 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

export const coordinateMedianRule: FacilityMechanism = {
  name: 'coordinate-median',
  piecewiseLinear: true,
  continuous: true,
  locate: coordinateMedian,
  breakpoints: othersReports,
};

export const coordinateMedianDescriptor = defineFacilityMechanism({
  kind: 'coordinate-median',
  params: z.object({}),
  create: () => coordinateMedianRule,
});
