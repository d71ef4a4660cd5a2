/**
 * Facility-location mechanisms by name: the mechanisms of Aziz, Lam, Lee, Walsh (uniform-phantom,
 * generalized-median with given phantoms, median, average, midpoint) and the server's aggregation
 * rules applied to a one-dimensional profile (mean, coordinate-median, trimmed-mean, krum,
 * multi-krum).
 */
import { MechanismInputError } from '../errors.js';
import { averageMechanism, meanRule } from './average.js';
import { generalizedMedianMechanism } from './generalized-median.js';
import type { FacilityMechanism } from './mechanism.js';
import { medianMechanism } from './median.js';
import { midpointMechanism } from './midpoint.js';
import { coordinateMedianRule } from './rules/coordinate-median.js';
import { krumRule, multiKrumRule } from './rules/krum.js';
import { trimmedMeanRule } from './rules/trimmed-mean.js';
import { uniformPhantomMechanism } from './uniform-phantom.js';

export const FACILITY_MECHANISMS = [
  'uniform-phantom',
  'generalized-median',
  'median',
  'average',
  'midpoint',
  'mean',
  'coordinate-median',
  'trimmed-mean',
  'krum',
  'multi-krum',
] as const;

export type FacilityMechanismName = (typeof FACILITY_MECHANISMS)[number];

export interface FacilityMechanismParams {
  /** Phantom locations for generalized-median (n - 1 or n + 1 of them). */
  phantoms?: readonly number[];
  /** Number of trimmed/tolerated reports for trimmed-mean, krum, multi-krum (default 0). */
  f?: number;
  /** Number of reports Multi-Krum averages (default n - f). */
  m?: number;
}

export function isFacilityMechanismName(name: string): name is FacilityMechanismName {
  return (FACILITY_MECHANISMS as readonly string[]).includes(name);
}

export function facilityMechanism(name: string, params: FacilityMechanismParams = {}): FacilityMechanism {
  if (!isFacilityMechanismName(name)) {
    throw new MechanismInputError(`unknown mechanism "${name}" (one of ${FACILITY_MECHANISMS.join(', ')})`, 'mechanism');
  }
  const f = params.f ?? 0;
  switch (name) {
    case 'uniform-phantom':
      return uniformPhantomMechanism;
    case 'generalized-median':
      if (params.phantoms === undefined) {
        throw new MechanismInputError('generalized-median needs phantoms (n - 1 or n + 1 locations in [0, 1])', 'phantoms');
      }
      return generalizedMedianMechanism(params.phantoms);
    case 'median':
      return medianMechanism;
    case 'average':
      return averageMechanism;
    case 'midpoint':
      return midpointMechanism;
    case 'mean':
      return meanRule;
    case 'coordinate-median':
      return coordinateMedianRule;
    case 'trimmed-mean':
      return trimmedMeanRule(f);
    case 'krum':
      return krumRule(f);
    case 'multi-krum':
      return multiKrumRule(f, params.m);
  }
}
