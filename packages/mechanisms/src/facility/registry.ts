/**
 * Facility-location mechanisms by name: the mechanisms of Aziz, Lam, Lee, Walsh (uniform-phantom,
 * generalized-median with given phantoms, median, average, midpoint) and the server's aggregation
 * rules applied to a one-dimensional profile (mean, coordinate-median, trimmed-mean, krum,
 * multi-krum). One import and one list line per mechanism; `facilityMechanism` builds one.
 */
import { MechanismInputError } from '../errors.js';
import { averageDescriptor, meanDescriptor } from './average.js';
import { generalizedMedianDescriptor } from './generalized-median.js';
import type { FacilityMechanism } from './mechanism.js';
import { medianDescriptor } from './median.js';
import { midpointDescriptor } from './midpoint.js';
import { coordinateMedianDescriptor } from './rules/coordinate-median.js';
import { krumDescriptor, multiKrumDescriptor } from './rules/krum.js';
import { trimmedMeanDescriptor } from './rules/trimmed-mean.js';
import { uniformPhantomDescriptor } from './uniform-phantom.js';

export const FACILITY_MECHANISM_DESCRIPTORS = [
  uniformPhantomDescriptor,
  generalizedMedianDescriptor,
  medianDescriptor,
  averageDescriptor,
  midpointDescriptor,
  meanDescriptor,
  coordinateMedianDescriptor,
  trimmedMeanDescriptor,
  krumDescriptor,
  multiKrumDescriptor,
] as const;

export type FacilityMechanismName = (typeof FACILITY_MECHANISM_DESCRIPTORS)[number]['kind'];

export const FACILITY_MECHANISMS: readonly FacilityMechanismName[] = FACILITY_MECHANISM_DESCRIPTORS.map((d) => d.kind);

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
  const d = FACILITY_MECHANISM_DESCRIPTORS.find((m) => m.kind === name);
  if (!d) throw new MechanismInputError(`unknown mechanism "${name}" (one of ${FACILITY_MECHANISMS.join(', ')})`, 'mechanism');
  const parsed = d.params.safeParse({ phantoms: params.phantoms, f: params.f, m: params.m });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue.path.map(String).join('.') || 'mechanism';
    throw new MechanismInputError(issue.message, field);
  }
  return (d.create as (p: object) => FacilityMechanism)(parsed.data);
}
