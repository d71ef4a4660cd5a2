/**
 * A deterministic facility-location mechanism f: [0,1]^n -> [0,1] (Aziz, Lam, Lee, Walsh).
 *
 * `breakpoints(profile, i)` lists the reports of agent i at which r -> f(r, x_-i) may change
 * slope or jump. When `piecewiseLinear` is true, f is continuous and linear in r between
 * consecutive breakpoints, so a best response can be found exactly: |f(r) - x_i| is convex on
 * each piece and its minimum is at a breakpoint or at the root of f(r) = x_i inside a piece.
 */
export interface FacilityMechanism {
  readonly name: string;
  locate(profile: readonly number[]): number;
  readonly piecewiseLinear: boolean;
  /** Continuous in every report (needed for the equilibrium characterisation). */
  readonly continuous: boolean;
  breakpoints?(profile: readonly number[], agent: number): number[];
}

/** The other agents' reports: the breakpoints of every order-statistic mechanism. */
export function othersReports(profile: readonly number[], agent: number): number[] {
  return profile.filter((_, j) => j !== agent);
}
