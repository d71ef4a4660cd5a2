/**
 * Individual Fair Share (Aziz, Lam, Lee, Walsh, Def. 1): every agent gets u_i = 1 - |y - x_i| >= 1/n.
 * A violation names the agent and the amount 1/n - u_i.
 */
import { FACILITY_TOLERANCE } from './tolerance.js';

export interface IfsViolation {
  agent: number;
  location: number;
  utility: number;
  required: number;
  amount: number;
}

export function ifsViolations(profile: readonly number[], y: number): IfsViolation[] {
  const n = profile.length;
  const required = 1 / n;
  const out: IfsViolation[] = [];
  profile.forEach((x, agent) => {
    const utility = 1 - Math.abs(y - x);
    if (utility < required - FACILITY_TOLERANCE) out.push({ agent, location: x, utility, required, amount: required - utility });
  });
  return out;
}
