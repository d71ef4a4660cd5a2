/**
 * Strategyproofness check: for every agent i, search misreports r and compare
 * gain_i(r) = |f(x) - x_i| - |f(r, x_-i) - x_i|; the mechanism is manipulable at x when some
 * gain > 0. The search is exact at breakpoints for piecewise-linear mechanisms (see
 * best-response.ts) and on a grid of step h otherwise. Returns the most profitable deviation.
 */
import { type SearchOptions, bestResponse, resolvedMethod } from './best-response.js';
import type { FacilityMechanism } from './mechanism.js';
import { validateProfile } from './profile.js';
import { FACILITY_TOLERANCE } from './tolerance.js';

export interface Deviation {
  agent: number;
  truth: number;
  misreport: number;
  truthfulOutcome: number;
  deviationOutcome: number;
  /** Utility gained by misreporting: |f(x) - x_i| - |f(r, x_-i) - x_i|. */
  gain: number;
}

export interface StrategyproofnessReport {
  strategyproof: boolean;
  method: 'exact' | 'grid';
  gridStep?: number;
  bestDeviation: Deviation | null;
}

export function checkStrategyproofness(
  mech: FacilityMechanism,
  profile: readonly number[],
  options: SearchOptions = {},
): StrategyproofnessReport {
  validateProfile(profile);
  const method = resolvedMethod(mech, options.method);
  const y = mech.locate(profile);
  let best: Deviation | null = null;
  profile.forEach((truth, agent) => {
    const br = bestResponse(mech, profile, agent, truth, options);
    const gain = Math.abs(y - truth) - br.cost;
    if (gain > FACILITY_TOLERANCE && (best === null || gain > best.gain)) {
      best = { agent, truth, misreport: br.report, truthfulOutcome: y, deviationOutcome: br.outcome, gain };
    }
  });
  return {
    strategyproof: best === null,
    method,
    ...(method === 'grid' ? { gridStep: options.gridStep ?? 0.01 } : {}),
    bestDeviation: best,
  };
}
