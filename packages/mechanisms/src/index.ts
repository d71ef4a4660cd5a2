export { MechanismInputError, MechanismSolverError } from './errors.js';
export { STEP_CHUNK, type WorkHook, type WorkProgress, type WorkSteps, runSteps } from './work-steps.js';

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
export { krumRule, multiKrumRule, krum, multiKrum } from './facility/rules/krum.js';
export {
  FACILITY_MECHANISMS,
  FACILITY_MECHANISM_DESCRIPTORS,
  type FacilityMechanismName,
  type FacilityMechanismParams,
  facilityMechanism,
  isFacilityMechanismName,
} from './facility/registry.js';
export { defineFacilityMechanism, type FacilityMechanismDescriptor } from './facility/descriptor.js';
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
  worstCaseSteps,
} from './facility/worst-case.js';
export {
  FACILITY_CHECKS,
  type FacilityCheck,
  type FacilityEvaluation,
  type FacilityRequest,
  evaluateFacility,
} from './facility/evaluate.js';

// information acquisition with multiple agents (Cacciamani, Castiglioni, Gatti)
export { JointSpace } from './info/space.js';
export {
  type AgentSpec,
  type InfoInstance,
  PROBABILITY_TOLERANCE,
  parseInstance,
  profileNames,
  qIndex,
  signalNames,
} from './info/instance.js';
export { readInstanceFile, readJsonFile } from './info/instance-file.js';
export { type InfoMechanism, bayesDecisions, decisionValues, emptyMechanism, payIndex } from './info/mechanism.js';
export {
  type DecisionJson,
  type MechanismJson,
  type PaymentJson,
  type RecommendationJson,
  clean,
  mechanismToJson,
  parseMechanism,
} from './info/mechanism-json.js';
export {
  type AgentStrategy,
  type Outcome,
  bestResponseFor,
  evaluateMechanism,
  obedient,
  recommendationProbability,
  reportGains,
  strategicResponse,
} from './info/strategies.js';
export { IC_TOLERANCE, type IcDeviation, type IcReport, checkIc } from './info/ic.js';
export { type LinearProgram, type LpRow, type LpSolution, solveLp } from './info/lp.js';
export { type DesignOptions, type DesignResult, optimalMechanism } from './info/optimal.js';
export { type LpSize, optimalLpSize } from './info/lp-size.js';
export { bernoulliKl, klLower, klUpper } from './info/confidence.js';
export { type InfoReport, givenMechanismReport, optimalMechanismReport } from './info/report.js';
export { type OnlineOptions, type OnlineReport, runOnline } from './info/online.js';
