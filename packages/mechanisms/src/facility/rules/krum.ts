/**
 * Krum and Multi-Krum on one coordinate (Blanchard et al. 2017):
 *   score(i) = sum of (x_i - x_j)^2 over the n - f - 2 reports j != i closest to x_i,
 *   Krum: y = x_i* with i* = argmin_i score(i) (lowest index on ties), needs n > 2f + 2;
 *   Multi-Krum: y = mean of the m reports with the lowest scores (default m = n - f).
 * The outcome jumps between reports, so the mechanism is neither continuous nor piecewise
 * linear: strategyproofness is checked on a grid.
 */
import { z } from 'zod';
import { defineFacilityMechanism, toleratedParam } from '../descriptor.js';
import { MechanismInputError } from '../../errors.js';
import { type FacilityMechanism, othersReports } from '../mechanism.js';

function checkF(n: number, f: number, rule: string): void {
  if (!(Number.isInteger(f) && f >= 0 && n > 2 * f + 2)) {
    throw new MechanismInputError(`${rule} needs an integer f >= 0 with n > 2f + 2 (n = ${n}, f = ${f})`, 'f');
  }
}

export function krumScores(profile: readonly number[], f: number): number[] {
  const n = profile.length;
  const k = n - f - 2;
  return profile.map((xi, i) => {
    const d = profile.filter((_, j) => j !== i).map((xj) => (xi - xj) * (xi - xj));
    d.sort((a, b) => a - b);
    let s = 0;
    for (let t = 0; t < k; t++) s += d[t];
    return s;
  });
}

function byScore(profile: readonly number[], f: number): number[] {
  const scores = krumScores(profile, f);
  return profile.map((_, i) => i).sort((a, b) => scores[a] - scores[b] || a - b);
}

export function krum(profile: readonly number[], f: number): number {
  checkF(profile.length, f, 'krum');
  return profile[byScore(profile, f)[0]];
}

export function multiKrum(profile: readonly number[], f: number, m?: number): number {
  const n = profile.length;
  checkF(n, f, 'multi-krum');
  const count = m ?? n - f;
  if (!(Number.isInteger(count) && count >= 1 && count <= n)) {
    throw new MechanismInputError(`multi-krum needs an integer m with 1 <= m <= n (n = ${n}, m = ${count})`, 'm');
  }
  const chosen = byScore(profile, f).slice(0, count);
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
