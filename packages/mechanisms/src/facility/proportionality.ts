/**
 * Proportionality (Freeman et al. 2021; Aziz, Lam, Lee, Walsh, Def. 3): if every agent is at 0 or
 * 1, then y = (number of agents at 1) / n. Vacuous for other profiles. A violation gives the
 * required location and the amount |y - required|.
 */
import { FACILITY_TOLERANCE } from './tolerance.js';

export interface ProportionalityViolation {
  agentsAtOne: number;
  required: number;
  location: number;
  amount: number;
}

export function proportionalityApplies(profile: readonly number[]): boolean {
  return profile.every((x) => x === 0 || x === 1);
}

export function proportionalityViolations(profile: readonly number[], y: number): ProportionalityViolation[] {
  if (!proportionalityApplies(profile)) return [];
  const agentsAtOne = profile.filter((x) => x === 1).length;
  const required = agentsAtOne / profile.length;
  const amount = Math.abs(y - required);
  return amount > FACILITY_TOLERANCE ? [{ agentsAtOne, required, location: y, amount }] : [];
}
