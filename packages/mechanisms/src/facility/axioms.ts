/**
 * The proportional-fairness axioms of Aziz, Lam, Lee, Walsh for one profile and location:
 * IFS <= UFS <= PF in strength, proportionality implied by UFS; each with its violations.
 */
import { type IfsViolation, ifsViolations } from './ifs.js';
import { type PfViolation, pfViolations } from './pf.js';
import { type ProportionalityViolation, proportionalityApplies, proportionalityViolations } from './proportionality.js';
import { type UfsViolation, ufsViolations } from './ufs.js';

export interface AxiomReport {
  ifs: boolean;
  ufs: boolean;
  proportionality: boolean;
  /** false when some agent is not at 0 or 1: proportionality then holds vacuously. */
  proportionalityApplies: boolean;
  pf: boolean;
  violations: {
    ifs: IfsViolation[];
    ufs: UfsViolation[];
    proportionality: ProportionalityViolation[];
    pf: PfViolation[];
  };
}

export function checkAxioms(profile: readonly number[], y: number): AxiomReport {
  const violations = {
    ifs: ifsViolations(profile, y),
    ufs: ufsViolations(profile, y),
    proportionality: proportionalityViolations(profile, y),
    pf: pfViolations(profile, y),
  };
  return {
    ifs: violations.ifs.length === 0,
    ufs: violations.ufs.length === 0,
    proportionality: violations.proportionality.length === 0,
    proportionalityApplies: proportionalityApplies(profile),
    pf: violations.pf.length === 0,
    violations,
  };
}
