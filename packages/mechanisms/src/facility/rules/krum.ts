/**
 * The server's Krum and Multi-Krum on one coordinate (the `krum` and `multi-krum` weight rules,
 * standard variant).
 *
 * Formula:    score(i) = sum of (x_i - x_j)^2 over the n - f - 2 reports j != i closest to x_i;
 *             Krum: y = x_i*, i* = argmin_i score(i) (lowest index on ties);
 *             Multi-Krum: y = mean of the m reports with the lowest scores (ties: lower index).
 * Parameters: f, an integer with n > 2f + 2; Multi-Krum's m (default n - f, 1 <= m <= n).
 * Input:      a profile of n reports.
 * Returns:    the location, from @fedrank/voting's krumScores, argmin and krumOrder (the kernels
 *             the server uses). The outcome jumps between reports, so the mechanism is neither
 *             continuous nor piecewise linear: strategyproofness is checked on a grid.
 * Reference:  Blanchard, El Mhamdi, Guerraoui, Stainer, "Machine Learning with Adversaries:
 *             Byzantine Tolerant Gradient Descent", NeurIPS 2017.
 */
import { z } from 'zod';
import { defineFacilityMechanism, toleratedParam } from '../descriptor.js';
import { argmin, krumOrder, krumScores } from '@fedrank/voting';
import { MechanismInputError } from '../../errors.js';
import { type FacilityMechanism, othersReports } from '../mechanism.js';

function checkF(n: number, f: number, rule: string): void {
  if (!(Number.isInteger(f) && f >= 0 && n > 2 * f + 2)) {
    throw new MechanismInputError(`${rule} needs an integer f >= 0 with n > 2f + 2 (n = ${n}, f = ${f})`, 'f');
  }
}

/** Krum scores of the reports, row-major squared distances (x_i - x_j)^2 in float64. */
function scores(profile: readonly number[], f: number): Float64Array {
  const n = profile.length;
  const dist = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const d = profile[i] - profile[j];
      dist[i * n + j] = d * d;
    }
  }
  return krumScores(dist, n, n - f - 2);
}

export function krum(profile: readonly number[], f: number): number {
  checkF(profile.length, f, 'krum');
  return profile[argmin(scores(profile, f))];
}

export function multiKrum(profile: readonly number[], f: number, m?: number): number {
  const n = profile.length;
  checkF(n, f, 'multi-krum');
  const count = m ?? n - f;
  if (!(Number.isInteger(count) && count >= 1 && count <= n)) {
    throw new MechanismInputError(`multi-krum needs an integer m with 1 <= m <= n (n = ${n}, m = ${count})`, 'm');
  }
  const chosen = krumOrder(scores(profile, f)).slice(0, count);
  let s = 0;
  for (const i of chosen) s += profile[i];
  return s / count;
}

export function krumRule(f: number): FacilityMechanism {
  return {
    name: 'krum',
    piecewiseLinear: false,
    continuous: false,
    locate: (profile) => krum(profile, f),
    breakpoints: othersReports,
  };
}

export function multiKrumRule(f: number, m?: number): FacilityMechanism {
  return {
    name: 'multi-krum',
    piecewiseLinear: false,
    continuous: false,
    locate: (profile) => multiKrum(profile, f, m),
    breakpoints: othersReports,
  };
}

export const krumDescriptor = defineFacilityMechanism({
  kind: 'krum',
  params: z.object({ f: toleratedParam }),
  create: ({ f }) => krumRule(f),
});

export const multiKrumDescriptor = defineFacilityMechanism({
  kind: 'multi-krum',
  /** m: reports averaged (default n - f). */
  params: z.object({ f: toleratedParam, m: z.number().int().nonnegative().optional() }),
  create: ({ f, m }) => multiKrumRule(f, m),
});
