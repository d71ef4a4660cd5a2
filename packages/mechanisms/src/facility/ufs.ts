/**
 * Unanimous Fair Share (Aziz, Lam, Lee, Walsh, Def. 2): for every group S of agents at one point
 * z, |y - z| <= 1 - |S|/n (each member gets utility >= |S|/n). Checking the group of all agents at
 * each point suffices. A violation names the group and the amount |y - z| - (1 - |S|/n).
 */
import { FACILITY_TOLERANCE } from './tolerance.js';

export interface UfsViolation {
  location: number;
  agents: number[];
  size: number;
  distance: number;
  allowed: number;
  amount: number;
}

export function ufsViolations(profile: readonly number[], y: number): UfsViolation[] {
  const n = profile.length;
  const groups = new Map<number, number[]>();
  profile.forEach((x, i) => {
    const g = groups.get(x);
    if (g) g.push(i);
    else groups.set(x, [i]);
  });
  const out: UfsViolation[] = [];
  for (const [z, agents] of [...groups.entries()].sort((a, b) => a[0] - b[0])) {
    const distance = Math.abs(y - z);
    const allowed = 1 - agents.length / n;
    if (distance > allowed + FACILITY_TOLERANCE) {
      out.push({ location: z, agents, size: agents.length, distance, allowed, amount: distance - allowed });
    }
  }
  return out;
}
