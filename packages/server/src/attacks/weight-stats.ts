/**
 * Shared helpers of the weight attacks: the statistics pool of the threat model, coordinate-wise
 * mean / std / min / max in float64, perturbation directions, pairwise distances, the closed form
 * of squared distances along a line, the reference's halving search, Krum scores (for simulating
 * Krum / Multi-Krum when the server gives no selection hook) and the inverse normal CDF.
 *
 * Updates are flat Float32Array weight deltas (all layers concatenated). Hot loops run over one
 * update at a time (sequential access), accumulating in Float64Array.
 */
import { AttackError, type WeightAttackContext } from './types.js';

/** Field named by errors about the threat model / context an attack needs. */
export const KIND_FIELD = 'attack.kind';

/** Checks that `updates` is non-empty and all have the same length; returns it. */
export function checkSameLength(updates: readonly Float32Array[], attack: string, what: string): number {
  if (updates.length === 0) {
    throw new AttackError(`${attack} needs at least one ${what} update, got none`, KIND_FIELD);
  }
  const dim = updates[0].length;
  for (let i = 1; i < updates.length; i++) {
    if (updates[i].length !== dim) {
      throw new AttackError(`${attack}: ${what} update ${i} has ${updates[i].length} coordinates, update 0 has ${dim}`, KIND_FIELD);
    }
  }
  return dim;
}

/**
 * The updates an attack takes its statistics from: this round's benign updates when the threat
 * model lets the attacker see them, otherwise the attackers' own honest updates (as the reference
 * FRL code does for its AGR-tailored attack: it never sees benign updates).
 */
export function statisticsPool(ctx: WeightAttackContext, attack: string): readonly Float32Array[] {
  const pool = ctx.benign !== undefined && ctx.benign.length > 0 ? ctx.benign : ctx.own;
  checkSameLength(pool, attack, pool === ctx.own ? 'own (honest malicious)' : 'benign');
  return pool;
}

/** Validates a numeric option: finite, and (when given) within [min, max] or > exclusiveMin. */
export function checkNumber(value: number, field: string, opts: { min?: number; exclusiveMin?: number; integer?: boolean } = {}): number {
  const bad =
    !Number.isFinite(value) ||
    (opts.integer === true && !Number.isInteger(value)) ||
    (opts.min !== undefined && value < opts.min) ||
    (opts.exclusiveMin !== undefined && value <= opts.exclusiveMin);
  if (bad) {
    const range = opts.exclusiveMin !== undefined ? ` > ${opts.exclusiveMin}` : opts.min !== undefined ? ` >= ${opts.min}` : '';
    throw new AttackError(`expected a finite ${opts.integer === true ? 'integer' : 'number'}${range}, got ${value}`, field);
  }
  return value;
}

/** Validates a string option against its allowed values. */
export function checkChoice<T extends string>(value: T, allowed: readonly T[], field: string): T {
  if (!allowed.includes(value)) {
    throw new AttackError(`expected one of ${allowed.join(', ')}, got ${String(value)}`, field);
  }
  return value;
}

/** Coordinate-wise mean, float64. */
export function coordinateMean(updates: readonly Float32Array[]): Float64Array {
  const n = updates.length;
  const dim = updates[0].length;
  const sum = new Float64Array(dim);
  for (let i = 0; i < n; i++) addInto(sum, updates[i]);
  const inv = 1 / n;
  for (let j = 0; j < dim; j++) sum[j] *= inv;
  return sum;
}

function addInto(acc: Float64Array, x: Float32Array): void {
  const dim = acc.length;
  for (let j = 0; j < dim; j++) acc[j] += x[j];
}

function addSquaredDeviationInto(acc: Float64Array, x: Float32Array, mean: Float64Array): void {
  const dim = acc.length;
  for (let j = 0; j < dim; j++) {
    const d = x[j] - mean[j];
    acc[j] += d * d;
  }
}

/**
 * Coordinate-wise mean and standard deviation (two passes, float64). The std is the unbiased one
 * (divides by n - 1, as torch.std does); with a single update it is 0 (torch would give NaN).
 */
export function coordinateMeanStd(updates: readonly Float32Array[]): { mean: Float64Array; std: Float64Array } {
  const n = updates.length;
  const mean = coordinateMean(updates);
  const dim = mean.length;
  const std = new Float64Array(dim);
  if (n < 2) return { mean, std };
  for (let i = 0; i < n; i++) addSquaredDeviationInto(std, updates[i], mean);
  const inv = 1 / (n - 1);
  for (let j = 0; j < dim; j++) std[j] = Math.sqrt(std[j] * inv);
  return { mean, std };
}

/** Coordinate-wise minimum and maximum. */
export function coordinateMinMax(updates: readonly Float32Array[]): { min: Float64Array; max: Float64Array } {
  const min = Float64Array.from(updates[0]);
  const max = Float64Array.from(updates[0]);
  for (let i = 1; i < updates.length; i++) minMaxInto(min, max, updates[i]);
  return { min, max };
}

function minMaxInto(min: Float64Array, max: Float64Array, x: Float32Array): void {
  const dim = min.length;
  for (let j = 0; j < dim; j++) {
    const v = x[j];
    if (v < min[j]) min[j] = v;
    if (v > max[j]) max[j] = v;
  }
}

/** Euclidean norm of a float64 vector. */
export function norm(v: Float64Array): number {
  let s = 0;
  for (let j = 0; j < v.length; j++) s += v[j] * v[j];
  return Math.sqrt(s);
}

/** Perturbation directions of Shejwalkar & Houmansadr: the malicious update is mean - gamma * p. */
export type DeviationKind = 'unit-vec' | 'std' | 'sign';
export const DEVIATION_KINDS: readonly DeviationKind[] = ['unit-vec', 'std', 'sign'];

/**
 * The perturbation vector p of the malicious update mean - gamma * p:
 * 'unit-vec': mean / ||mean|| (p = 0 when the mean is 0), 'std': the coordinate-wise std,
 * 'sign': sign(mean) (0 where the mean is 0).
 */
export function perturbation(kind: DeviationKind, mean: Float64Array, std: Float64Array): Float64Array {
  const dim = mean.length;
  if (kind === 'std') return Float64Array.from(std);
  const p = new Float64Array(dim);
  if (kind === 'sign') {
    for (let j = 0; j < dim; j++) p[j] = Math.sign(mean[j]);
    return p;
  }
  const len = norm(mean);
  if (len === 0) return p;
  for (let j = 0; j < dim; j++) p[j] = mean[j] / len;
  return p;
}

/** origin - gamma * dir, rounded to float32. */
export function alongLine(origin: Float64Array, gamma: number, dir: Float64Array): Float32Array {
  const dim = origin.length;
  const out = new Float32Array(dim);
  for (let j = 0; j < dim; j++) out[j] = origin[j] - gamma * dir[j];
  return out;
}

/** Float64 -> Float32 copy. */
export function toFloat32(v: Float64Array): Float32Array {
  return Float32Array.from(v);
}

/** `count` updates equal to v: v itself first, then independent copies (no shared buffers). */
export function replicate(v: Float32Array, count: number): Float32Array[] {
  const out: Float32Array[] = [];
  for (let k = 0; k < count; k++) out.push(k === 0 ? v : v.slice());
  return out;
}

// Pairwise squared distances: the aggregation rules' (Krum's) implementation.
export { pairwiseSquaredDistances } from '../aggregators/common.js';

/**
 * Squared distances from the points of a line, origin - gamma * dir, to each update b_i, in
 * closed form: ||origin - gamma*dir - b_i||^2 = a_i - 2*gamma*c_i + gamma^2 * q with
 * a_i = ||origin - b_i||^2, c_i = <dir, origin - b_i>, q = ||dir||^2. One pass over the updates;
 * each probe of a line search is then O(n) instead of O(n * dim).
 */
export interface LineGeometry {
  a: Float64Array;
  c: Float64Array;
  q: number;
}

export function lineGeometry(updates: readonly Float32Array[], origin: Float64Array, dir: Float64Array): LineGeometry {
  const n = updates.length;
  const a = new Float64Array(n);
  const c = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const r = lineTerms(updates[i], origin, dir);
    a[i] = r[0];
    c[i] = r[1];
  }
  let q = 0;
  for (let j = 0; j < dir.length; j++) q += dir[j] * dir[j];
  return { a, c, q };
}

const lineScratch = new Float64Array(2);
function lineTerms(x: Float32Array, origin: Float64Array, dir: Float64Array): Float64Array {
  let a = 0;
  let c = 0;
  const dim = origin.length;
  for (let j = 0; j < dim; j++) {
    const d = origin[j] - x[j];
    a += d * d;
    c += dir[j] * d;
  }
  lineScratch[0] = a;
  lineScratch[1] = c;
  return lineScratch;
}

/** Squared distance, at step gamma, from the line's point to update i (never negative). */
export function lineDistance(g: LineGeometry, i: number, gamma: number): number {
  const v = g.a[i] - 2 * gamma * g.c[i] + gamma * gamma * g.q;
  return v > 0 ? v : 0;
}

/**
 * The halving search of the reference (Shejwalkar & Houmansadr's code, reused by FRL): start at
 * `init` with step `init`; a successful probe is remembered and the next probe moves up by half
 * the step, a failed one moves down by half the step; the step halves each time. Stops when the
 * probe is within `tolerance` of the last success and returns that success (0 if none).
 */
export function halvingSearch(init: number, tolerance: number, succeeds: (lambda: number) => boolean): number {
  let lambda = init;
  let step = init;
  let success = 0;
  for (let iter = 0; iter < 200 && Math.abs(success - lambda) > tolerance; iter++) {
    if (succeeds(lambda)) {
      success = lambda;
      lambda += step / 2;
    } else {
      lambda -= step / 2;
    }
    step /= 2;
  }
  return success;
}

/**
 * Krum scores (Blanchard et al., NeurIPS 2017): for each of the n updates, the sum of squared
 * distances to its n - f - 2 nearest other updates (at least 1, at most n - 1).
 */
export function krumScores(dist: Float64Array, n: number, f: number): Float64Array {
  const k = Math.min(n - 1, Math.max(1, n - f - 2));
  const scores = new Float64Array(n);
  const row = new Float64Array(Math.max(0, n - 1));
  for (let i = 0; i < n; i++) {
    let m = 0;
    for (let j = 0; j < n; j++) if (j !== i) row[m++] = dist[i * n + j];
    row.sort();
    let s = 0;
    for (let t = 0; t < k; t++) s += row[t];
    scores[i] = s;
  }
  return scores;
}

/**
 * The `m` updates with the lowest Krum scores, best first (ties: lower index first). m = 1 is
 * Krum; m = n - f is Multi-Krum (El Mhamdi et al., ICML 2018).
 */
export function krumSelection(dist: Float64Array, n: number, f: number, m: number): number[] {
  const scores = krumScores(dist, n, f);
  const order = Array.from({ length: n }, (_, i) => i);
  order.sort((x, y) => scores[x] - scores[y] || x - y);
  return order.slice(0, Math.max(1, Math.min(n, m)));
}

/**
 * Distances among `copies` identical malicious updates followed by the pool: the malicious rows
 * come from the line geometry at step gamma, the pool block from its precomputed pairwise
 * distances. Row-major (copies + pool) squared.
 */
export function distancesWithCopies(
  copies: number,
  poolDist: Float64Array,
  poolSize: number,
  line: LineGeometry,
  gamma: number,
): Float64Array {
  const n = copies + poolSize;
  const dist = new Float64Array(n * n);
  for (let i = 0; i < poolSize; i++) {
    const d = lineDistance(line, i, gamma);
    for (let k = 0; k < copies; k++) {
      dist[k * n + copies + i] = d;
      dist[(copies + i) * n + k] = d;
    }
    for (let j = 0; j < poolSize; j++) dist[(copies + i) * n + copies + j] = poolDist[i * poolSize + j];
  }
  return dist;
}

/**
 * Inverse of the standard normal CDF (Acklam's rational approximation, relative error about
 * 1e-9 on (0, 1)); -Infinity at 0 and +Infinity at 1.
 */
export function inverseNormalCdf(p: number): number {
  if (!(p >= 0 && p <= 1)) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > 1 - low) {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    return -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) /
    (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
  );
}
