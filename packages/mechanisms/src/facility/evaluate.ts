/**
 * One facility-location evaluation: the mechanism's location for a profile, its welfare and cost
 * ratios (outcome.ts), the four axioms (axioms.ts), and on request the strategyproofness check
 * and the best-response equilibrium. This is what `fedrank mechanism facility` prints.
 */
import { MechanismInputError } from '../errors.js';
import { type AxiomReport, checkAxioms } from './axioms.js';
import type { SearchOptions } from './best-response.js';
import { type EquilibriumReport, findEquilibrium } from './equilibrium.js';
import { type OutcomeEvaluation, evaluateOutcome } from './outcome.js';
import { validateProfile } from './profile.js';
import { type FacilityMechanismParams, facilityMechanism } from './registry.js';
import { type Deviation, checkStrategyproofness } from './strategyproofness.js';

export const FACILITY_CHECKS = ['axioms', 'strategyproofness', 'equilibrium'] as const;
export type FacilityCheck = (typeof FACILITY_CHECKS)[number];

export interface FacilityRequest extends FacilityMechanismParams {
  mechanism: string;
  profile: readonly number[];
  checks?: readonly string[];
  search?: SearchOptions;
}

export interface FacilityEvaluation extends OutcomeEvaluation {
  mechanism: string;
  profile: number[];
  axioms: AxiomReport;
  strategyproof?: boolean;
  bestDeviation?: Deviation | null;
  strategyproofnessSearch?: { method: 'exact' | 'grid'; gridStep?: number };
  equilibrium?: EquilibriumReport;
}

export function evaluateFacility(request: FacilityRequest): FacilityEvaluation {
  const checks = request.checks ?? ['axioms'];
  for (const c of checks) {
    if (!(FACILITY_CHECKS as readonly string[]).includes(c)) {
      throw new MechanismInputError(`unknown check "${c}" (one of ${FACILITY_CHECKS.join(', ')})`, 'check');
    }
  }
  validateProfile(request.profile);
  const mech = facilityMechanism(request.mechanism, request);
  const y = mech.locate(request.profile);
  const out: FacilityEvaluation = {
    mechanism: mech.name,
    profile: [...request.profile],
    ...evaluateOutcome(request.profile, y),
    axioms: checkAxioms(request.profile, y),
  };
  if (checks.includes('strategyproofness')) {
    const sp = checkStrategyproofness(mech, request.profile, request.search);
    out.strategyproof = sp.strategyproof;
    out.bestDeviation = sp.bestDeviation;
    out.strategyproofnessSearch = { method: sp.method, ...(sp.gridStep !== undefined ? { gridStep: sp.gridStep } : {}) };
  }
  if (checks.includes('equilibrium')) out.equilibrium = findEquilibrium(mech, request.profile, request.search);
  return out;
}
