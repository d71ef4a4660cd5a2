/**
 * Pure Nash equilibrium of the reporting game by best-response dynamics: starting from truthful
 * reports, agents in turn switch to a best response (best-response.ts) until a full round changes
 * nothing. For continuous, strictly monotone UFS mechanisms (e.g. average) the equilibrium
 * outcome is the Uniform Phantom outcome (Aziz, Lam, Lee, Walsh, section 6).
 */
import { uniformPhantom } from '@fedrank/voting';
import { type SearchOptions, bestResponse } from './best-response.js';
import type { FacilityMechanism } from './mechanism.js';
import { validateProfile } from './profile.js';
import { FACILITY_TOLERANCE } from './tolerance.js';

export interface EquilibriumReport {
  converged: boolean;
  rounds: number;
  reports: number[];
  location: number;
  utilities: number[];
  /** The mechanism is continuous: the characterisation applies only then. */
  continuous: boolean;
  /** Uniform Phantom's outcome on the true profile, for comparison. */
  uniformPhantomLocation: number;
}

export interface EquilibriumOptions extends SearchOptions {
  maxRounds?: number;
}

export function findEquilibrium(mech: FacilityMechanism, truths: readonly number[], options: EquilibriumOptions = {}): EquilibriumReport {
  validateProfile(truths);
  const maxRounds = options.maxRounds ?? 1000;
  const reports = [...truths];
  let rounds = 0;
  let converged = false;
  while (rounds < maxRounds) {
    rounds++;
    let changed = false;
    for (let i = 0; i < truths.length; i++) {
      const current = Math.abs(mech.locate(reports) - truths[i]);
      const br = bestResponse(mech, reports, i, truths[i], options);
      if (br.cost < current - FACILITY_TOLERANCE) {
        reports[i] = br.report;
        changed = true;
      }
    }
    if (!changed) {
      converged = true;
      break;
    }
  }
  const location = mech.locate(reports);
  return {
    converged,
    rounds,
    reports,
    location,
    utilities: truths.map((x) => 1 - Math.abs(location - x)),
    continuous: mech.continuous,
    uniformPhantomLocation: uniformPhantom(truths),
  };
}
