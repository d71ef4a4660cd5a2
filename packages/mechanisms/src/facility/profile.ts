/**
 * A facility-location profile: n >= 1 agents at x_i in [0, 1] (Aziz, Lam, Lee, Walsh, section 2).
 * The location y is in [0, 1] and agent i's utility is u_i = 1 - |y - x_i|.
 */
import { MechanismInputError } from '../errors.js';

export type Profile = readonly number[];

/** Throws a one-line MechanismInputError unless the profile is non-empty and inside [0, 1]. */
export function validateProfile(profile: Profile, field = 'profile'): void {
  if (profile.length === 0) throw new MechanismInputError(`${field} is empty: give at least one location`, field);
  for (let i = 0; i < profile.length; i++) {
    const x = profile[i];
    if (!Number.isFinite(x)) throw new MechanismInputError(`${field}[${i}] is not a number`, field);
    if (x < 0 || x > 1) throw new MechanismInputError(`${field}[${i}] = ${x} is outside [0, 1]`, field);
  }
}

/** Indices 0..n-1 sorted by location (stable). */
export function sortedOrder(profile: Profile): number[] {
  return profile.map((_, i) => i).sort((a, b) => profile[a] - profile[b] || a - b);
}

/** a / b with 0/0 = 1 and a/0 = Infinity: ratios of a mechanism's cost to an optimum that may be 0. */
export function ratio(a: number, b: number): number {
  if (b === 0) return a === 0 ? 1 : Infinity;
  return a / b;
}
