/**
 * Best response of one agent in a facility-location mechanism: with the others' reports fixed,
 * choose the report r in [0,1] minimising |f(r, x_-i) - x_i|.
 *
 * Exact for piecewise-linear mechanisms: on each piece between consecutive breakpoints
 * |f(r) - x_i| is convex, so its minimum is at a breakpoint or at the root
 * r* = a + (x_i - f(a)) (b - a) / (f(b) - f(a)) when f(a) - x_i and f(b) - x_i differ in sign.
 * Otherwise (or when asked) the candidates are a grid of step h plus the known breakpoints.
 */
import type { FacilityMechanism } from './mechanism.js';
import { FACILITY_TOLERANCE } from './tolerance.js';

export type SearchMethod = 'auto' | 'exact' | 'grid';

export interface SearchOptions {
  /** 'auto' (default): exact when the mechanism is piecewise linear, grid otherwise. */
  method?: SearchMethod;
  /** Grid step h for grid search (default 0.01); 1/h need not be an integer. */
  gridStep?: number;
}

export interface Candidate {
  report: number;
  outcome: number;
}

/** Grid points 0, h, 2h, ..., 1 (exactly k/m when h = 1/m). */
export function gridPoints(step: number): number[] {
  const m = Math.round(1 / step);
  const pts: number[] = [];
  if (Math.abs(1 / step - m) < 1e-9) {
    for (let k = 0; k <= m; k++) pts.push(k / m);
  } else {
    for (let k = 0; k * step <= 1; k++) pts.push(k * step);
    pts.push(1);
  }
  return pts;
}

export function resolvedMethod(mech: FacilityMechanism, method: SearchMethod = 'auto'): 'exact' | 'grid' {
  if (method === 'grid') return 'grid';
  const exactPossible = mech.piecewiseLinear && mech.breakpoints !== undefined;
  if (method === 'exact' && !exactPossible) return 'grid';
  return exactPossible ? 'exact' : 'grid';
}

/** Every report worth trying for `agent`, with the outcome each gives. */
export function candidateReports(
  mech: FacilityMechanism,
  reports: readonly number[],
  agent: number,
  truth: number,
  options: SearchOptions = {},
): Candidate[] {
  const method = resolvedMethod(mech, options.method);
  const pts = new Set<number>([0, 1, truth, reports[agent]]);
  for (const b of mech.breakpoints?.(reports, agent) ?? []) if (b >= 0 && b <= 1) pts.add(b);
  if (method === 'grid') for (const g of gridPoints(options.gridStep ?? 0.01)) pts.add(g);
  const sorted = [...pts].sort((a, b) => a - b);
  const profile = [...reports];
  const at = (r: number): number => {
    profile[agent] = r;
    return mech.locate(profile);
  };
  const out: Candidate[] = sorted.map((report) => ({ report, outcome: at(report) }));
  if (method === 'exact') {
    for (let k = 0; k + 1 < sorted.length; k++) {
      const a = out[k];
      const b = out[k + 1];
      const da = a.outcome - truth;
      const db = b.outcome - truth;
      if ((da < 0 && db > 0) || (da > 0 && db < 0)) {
        const r = a.report + ((truth - a.outcome) * (b.report - a.report)) / (b.outcome - a.outcome);
        out.push({ report: r, outcome: at(r) });
      }
    }
  }
  return out;
}

export interface BestResponse extends Candidate {
  cost: number;
}

/** The cost-minimising report; on ties, the one closest to the agent's current report. */
export function bestResponse(
  mech: FacilityMechanism,
  reports: readonly number[],
  agent: number,
  truth: number,
  options: SearchOptions = {},
): BestResponse {
  let best: BestResponse | undefined;
  for (const c of candidateReports(mech, reports, agent, truth, options)) {
    const cost = Math.abs(c.outcome - truth);
    if (
      best === undefined ||
      cost < best.cost - FACILITY_TOLERANCE ||
      (Math.abs(cost - best.cost) <= FACILITY_TOLERANCE && Math.abs(c.report - reports[agent]) < Math.abs(best.report - reports[agent]))
    ) {
      best = { ...c, cost };
    }
  }
  if (best === undefined) throw new Error('no candidate reports');
  return best;
}
