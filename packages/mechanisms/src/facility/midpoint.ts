/**
 * Midpoint mechanism: y = (min_i x_i + max_i x_i) / 2, which minimises the maximum cost.
 * Not strategyproof.
 */
import { z } from 'zod';
import { defineFacilityMechanism } from './descriptor.js';
import { type FacilityMechanism, othersReports } from './mechanism.js';

export function midpoint(profile: readonly number[]): number {
  return (Math.min(...profile) + Math.max(...profile)) / 2;
}

export const midpointMechanism: FacilityMechanism = {
  name: 'midpoint',
  piecewiseLinear: true,
  continuous: true,
  locate: midpoint,
  breakpoints: (profile, agent) => {
    const others = othersReports(profile, agent);
    return others.length === 0 ? [] : [Math.min(...others), Math.max(...others)];
  },
};

export const midpointDescriptor = defineFacilityMechanism({
  kind: 'midpoint',
  params: z.object({}),
  create: () => midpointMechanism,
});
