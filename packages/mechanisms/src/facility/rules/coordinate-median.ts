/**
 * The server's coordinate-wise median on one coordinate (the `median` weight rule).
 *
 * Formula:    y = x_((n+1)/2) for odd n, (x_(n/2) + x_(n/2+1)) / 2 for even n.
 * Parameters: none.
 * Input:      a profile of n >= 1 reports.
 * Returns:    the location, from @fedrank/voting's sortedMedian (the kernel the server uses).
 *             For odd n it is the median mechanism; for even n it averages the two middle
 *             reports and is no longer strategyproof.
 * Reference:  Yin, Chen, Kannan, Bartlett, "Byzantine-Robust Distributed Learning: Towards Optimal
 *             Statistical Rates", ICML 2018.
 */
import { z } from 'zod';
import { defineFacilityMechanism } from '../descriptor.js';
import { sortedCopy, sortedMedian } from '@fedrank/voting';
import { type FacilityMechanism, othersReports } from '../mechanism.js';

export function coordinateMedian(profile: readonly number[]): number {
  return sortedMedian(sortedCopy(profile), profile.length);
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
