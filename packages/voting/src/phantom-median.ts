/**
 * Phantom medians (Moulin 1980; Uniform Phantom from Freeman et al. 2021 and Aziz, Lam, Lee,
 * Walsh, "Strategyproof and proportionally fair facility location").
 *
 *   generalized median:  y = med(x_1, ..., x_n, p_1, ..., p_k)          (n + k odd)
 *   Uniform Phantom:     y = med(x_1, ..., x_n, 1/n, 2/n, ..., (n-1)/n)  on [0, 1]
 *   coordinate-wise:     y_j = med(v_1j, ..., v_nj, lo_j + (hi_j - lo_j) * k/n, k = 1..n-1)
 *                        with [lo_j, hi_j] the range of coordinate j among the n updates, or a
 *                        fixed range (reports outside a fixed range are clamped into it).
 *
 * Every such median is strategyproof for single-peaked voters (Moulin); Uniform Phantom is the
 * unique strategyproof mechanism with unanimous fair share.
 */
import { sortedCoordinate } from './robust/sorted-coordinate.js';

/** Bad input to a phantom median: one line naming what is wrong. */
export class PhantomMedianError extends Error {
  readonly exitCode = 2;
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'PhantomMedianError';
  }
}

function checkFinite(values: readonly number[], what: string): void {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) {
      throw new PhantomMedianError(`${what}[${i}] is ${values[i]}, not a finite number`, what);
    }
  }
}

/** Moulin's generalized median: the median of the reports together with fixed phantoms. */
export function generalizedMedian(reports: readonly number[], phantoms: readonly number[]): number {
  if (reports.length === 0) throw new PhantomMedianError('no reports: the profile is empty', 'reports');
  checkFinite(reports, 'reports');
  checkFinite(phantoms, 'phantoms');
  const total = reports.length + phantoms.length;
  if (total % 2 === 0) {
    throw new PhantomMedianError(
      `${reports.length} reports + ${phantoms.length} phantoms is even: the median needs an odd count (use n-1 or n+1 phantoms)`,
      'phantoms',
    );
  }
  const all = [...reports, ...phantoms].sort((a, b) => a - b);
  return all[(total - 1) / 2];
}

/** The n-1 Uniform Phantom positions lo + (hi - lo) * k / n, k = 1..n-1. */
export function uniformPhantoms(n: number, lo = 0, hi = 1): number[] {
  const out: number[] = [];
  for (let k = 1; k < n; k++) out.push(lo + ((hi - lo) * k) / n);
  return out;
}

/** Uniform Phantom on [0, 1]: the median of the n reports and the phantoms k/n, k = 1..n-1. */
export function uniformPhantom(reports: readonly number[]): number {
  for (let i = 0; i < reports.length; i++) {
    const x = reports[i];
    if (!(x >= 0 && x <= 1)) {
      throw new PhantomMedianError(`reports[${i}] = ${x} is outside [0, 1]`, 'reports');
    }
  }
  return generalizedMedian(reports, uniformPhantoms(reports.length));
}

/**
 * Coordinate-wise Uniform Phantom for weight updates. Coordinate j of the result is the median
 * of the n clients' values and n-1 phantoms spread uniformly over [lo_j, hi_j]: the values' own
 * range by default (lo_j = min, hi_j = max), or `range` for every coordinate.
 */
export function uniformPhantomCoordinatewise(updates: readonly Float32Array[], range?: { lo: number; hi: number }): Float32Array {
  const n = updates.length;
  if (n === 0) throw new PhantomMedianError('no updates to aggregate', 'updates');
  const dim = updates[0].length;
  for (let k = 1; k < n; k++) {
    if (updates[k].length !== dim) {
      throw new PhantomMedianError(`updates[${k}] has ${updates[k].length} coordinates, updates[0] has ${dim}`, 'updates');
    }
  }
  if (range !== undefined && !(Number.isFinite(range.lo) && Number.isFinite(range.hi) && range.lo <= range.hi)) {
    throw new PhantomMedianError(`range [${range.lo}, ${range.hi}] is not a finite interval with lo <= hi`, 'range');
  }
  const out = new Float32Array(dim);
  const v = new Float64Array(n);
  // The median of 2n-1 values is the n-th smallest. Merge the sorted reports with the phantoms
  // lo + step*k (k = 1..n-1), which are already sorted, and stop at the n-th element.
  for (let j = 0; j < dim; j++) {
    sortedCoordinate(updates, j, v);
    let lo: number;
    let hi: number;
    if (range === undefined) {
      lo = v[0];
      hi = v[n - 1];
    } else {
      lo = range.lo;
      hi = range.hi;
      for (let k = 0; k < n; k++) v[k] = v[k] < lo ? lo : v[k] > hi ? hi : v[k];
    }
    const step = (hi - lo) / n;
    let ir = 0; // next report
    let ip = 1; // next phantom index k
    let y = 0;
    for (let taken = 0; taken < n; taken++) {
      const phantom = ip < n ? lo + step * ip : Infinity;
      if (ir < n && v[ir] <= phantom) y = v[ir++];
      else {
        y = phantom;
        ip++;
      }
    }
    out[j] = y;
  }
  return out;
}
