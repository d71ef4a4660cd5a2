export { MechanismInputError, MechanismSolverError } from './errors.js';

// facility location on [0, 1] (Aziz, Lam, Lee, Walsh)
export { type Profile, validateProfile } from './facility/profile.js';
export type { FacilityMechanism } from './facility/mechanism.js';
export { uniformPhantomMechanism } from './facility/uniform-phantom.js';
export { generalizedMedianMechanism } from './facility/generalized-median.js';
export { medianMechanism, lowerMedian } from './facility/median.js';
export { averageMechanism, meanRule, average } from './facility/average.js';
export { midpointMechanism, midpoint } from './facility/midpoint.js';
export { coordinateMedianRule, coordinateMedian } from './facility/rules/coordinate-median.js';
export { trimmedMeanRule, trimmedMean } from './facility/rules/trimmed-mean.js';
export { krumRule, multiKrumRule, krum, multiKrum, krumScores } from './facility/rules/krum.js';
export {
  FACILITY_MECHANISMS,
  type FacilityMechanismName,
  type FacilityMechanismParams,
  facilityMechanism,
  isFacilityMechanismName,
} from './facility/registry.js';
export { type OutcomeEvaluation, evaluateOutcome, totalCost, maxCost } from './facility/outcome.js';
export { type IfsViolation, ifsViolations } from './facility/ifs.js';
export { type UfsViolation, ufsViolations } from './facility/ufs.js';
export { type ProportionalityViolation, proportionalityViolations } from './facility/proportionality.js';
export { type PfViolation, pfViolations } from './facility/pf.js';
export { type AxiomReport, checkAxioms } from './facility/axioms.js';
export { type SearchMethod, type SearchOptions, bestResponse, gridPoints } from './facility/best-response.js';
export { type Deviation, type StrategyproofnessReport, checkStrategyproofness } from './facility/strategyproofness.js';
export { type EquilibriumReport, type EquilibriumOptions, findEquilibrium } from './facility/equilibrium.js';
export {
  type ProfileFamily,
  type WorstCase,
  type WorstCaseOptions,
  type WorstCaseReport,
  worstCaseRatios,
} from './facility/worst-case.js';
export {
  FACILITY_CHECKS,
  type FacilityCheck,
  type FacilityEvaluation,
  type FacilityRequest,
  evaluateFacility,
} from './facility/evaluate.js';
