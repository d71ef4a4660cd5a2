/**
 * Worst-case approximation ratios of a mechanism over a family of profiles with n agents:
 *   max_x SW*(x) / SW(f(x)),  max_x TC(f(x)) / TC*(x),  max_x MC(f(x)) / MC*(x)
 * (Aziz, Lam, Lee, Walsh, section 7; e.g. Uniform Phantom's welfare ratio tends to 2 for UFS).
 * Families: 'grid' = every sorted profile on the grid {0, h, ..., 1} (C(1/h + n, n) profiles),
 * 'random' = `samples` profiles drawn uniformly from [0,1]^n with a seeded generator.
 * worstCaseSteps is the same search as steps that report the profiles checked (work-steps.ts).
 */
import { Rng } from '@fedrank/random';
import { MechanismInputError } from '../errors.js';
import { gridPoints } from './best-response.js';
import type { FacilityMechanism } from './mechanism.js';
import { evaluateOutcome } from './outcome.js';
import { STEP_CHUNK, runSteps, type WorkSteps } from '../work-steps.js';

export type ProfileFamily = 'grid' | 'random';

export interface WorstCaseOptions {
  family?: ProfileFamily;
  gridStep?: number;
  samples?: number;
  seed?: number;
  /** Refuse grid families larger than this many profiles (default 2,000,000). */
  maxProfiles?: number;
}

export interface WorstCase {
  value: number;
  profile: number[];
  location: number;
}

export interface WorstCaseReport {
  mechanism: string;
  n: number;
  family: ProfileFamily;
  profilesChecked: number;
  welfareRatio: WorstCase;
  totalCostRatio: WorstCase;
  maxCostRatio: WorstCase;
}

function binomial(a: number, b: number): number {
  let r = 1;
  for (let k = 1; k <= b; k++) r = (r * (a - b + k)) / k;
  return r;
}

/** Yields every nondecreasing n-tuple of the points (the same array, updated in place). */
function* sortedProfiles(points: readonly number[], n: number): Generator<number[], void, void> {
  const idx = new Array<number>(n).fill(0);
  const p = new Array<number>(n).fill(points[0]);
  for (;;) {
    yield p;
    let k = n - 1;
    while (k >= 0 && idx[k] === points.length - 1) k--;
    if (k < 0) return;
    idx[k]++;
    for (let j = k + 1; j < n; j++) idx[j] = idx[k];
    for (let j = k; j < n; j++) p[j] = points[idx[j]];
  }
}

export function worstCaseRatios(mech: FacilityMechanism, n: number, options: WorstCaseOptions = {}): WorstCaseReport {
  return runSteps(worstCaseSteps(mech, n, options));
}

/** worstCaseRatios as steps: yields the profiles checked of the family's size every STEP_CHUNK profiles. */
export function* worstCaseSteps(mech: FacilityMechanism, n: number, options: WorstCaseOptions = {}): WorkSteps<WorstCaseReport> {
  if (!(Number.isInteger(n) && n >= 1)) throw new MechanismInputError(`n = ${n} is not a positive integer`, 'n');
  const family = options.family ?? 'grid';
  const init = (): WorstCase => ({ value: -Infinity, profile: [], location: NaN });
  const worst = { welfareRatio: init(), totalCostRatio: init(), maxCostRatio: init() };
  let count = 0;
  const visit = (p: number[]): void => {
    count++;
    const y = mech.locate(p);
    const e = evaluateOutcome(p, y);
    for (const key of ['welfareRatio', 'totalCostRatio', 'maxCostRatio'] as const) {
      if (e[key] > worst[key].value) worst[key] = { value: e[key], profile: [...p], location: y };
    }
  };
  if (family === 'grid') {
    const step = options.gridStep ?? 0.05;
    if (!(step > 0 && step <= 1)) throw new MechanismInputError(`grid step ${step} is not in (0, 1]`, 'gridStep');
    const pts = gridPoints(step);
    const size = binomial(pts.length + n - 1, n);
    const limit = options.maxProfiles ?? 2_000_000;
    if (size > limit) {
      throw new MechanismInputError(
        `the grid family has ${Math.round(size)} profiles for n = ${n} and step ${step} (limit ${limit}): use a larger step or the random family`,
        'gridStep',
      );
    }
    const total = Math.round(size);
    for (const p of sortedProfiles(pts, n)) {
      visit(p);
      if (count % STEP_CHUNK === 0) yield { done: count, total };
    }
  } else if (family === 'random') {
    const samples = options.samples ?? 10_000;
    const rng = new Rng(options.seed ?? 0).derive('worst-case', mech.name, n);
    const p = new Array<number>(n);
    for (let s = 0; s < samples; s++) {
      for (let i = 0; i < n; i++) p[i] = rng.float();
      visit(p);
      if (count % STEP_CHUNK === 0) yield { done: count, total: samples };
    }
  } else {
    throw new MechanismInputError(`unknown profile family "${String(family)}" (grid or random)`, 'family');
  }
  return { mechanism: mech.name, n, family, profilesChecked: count, ...worst };
}
