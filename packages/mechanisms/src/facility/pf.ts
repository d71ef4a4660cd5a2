/**
 * Proportional Fairness (Aziz, Lam, Lee, Walsh, Def. 4): for every group S whose locations span
 * r = max_S x - min_S x, every agent in S gets u_i >= |S|/n - r. Only groups of consecutive agents
 * of the sorted profile matter (the hull of S has the same span and at least as many agents), and
 * only those that start and end at whole blocks of coincident agents. A violation names the group
 * and the amount |S|/n - r - min_{i in S} u_i.
 */
import { sortedOrder } from './profile.js';
import { FACILITY_TOLERANCE } from './tolerance.js';

export interface PfViolation {
  agents: number[];
  from: number;
  to: number;
  span: number;
  size: number;
  required: number;
  worstUtility: number;
  amount: number;
}

export function pfViolations(profile: readonly number[], y: number): PfViolation[] {
  const n = profile.length;
  const order = sortedOrder(profile);
  const xs = order.map((i) => profile[i]);
  const out: PfViolation[] = [];
  for (let a = 0; a < n; a++) {
    if (a > 0 && xs[a - 1] === xs[a]) continue; // start at the first agent of a block
    for (let b = a; b < n; b++) {
      if (b + 1 < n && xs[b + 1] === xs[b]) continue; // end at the last agent of a block
      const size = b - a + 1;
      const span = xs[b] - xs[a];
      const required = size / n - span;
      // the worst-off member is at one of the two ends
      const worstUtility = Math.min(1 - Math.abs(y - xs[a]), 1 - Math.abs(y - xs[b]));
      if (worstUtility < required - FACILITY_TOLERANCE) {
        out.push({
          agents: order.slice(a, b + 1).sort((p, q) => p - q),
          from: xs[a],
          to: xs[b],
          span,
          size,
          required,
          worstUtility,
          amount: required - worstUtility,
        });
      }
    }
  }
  return out.sort((p, q) => q.amount - p.amount);
}
