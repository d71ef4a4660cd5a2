/**
 * The line origin - gamma * dir that the search attacks (min-max, min-sum, AGR-tailored, Fang on
 * Krum) walk along: its points, and the squared distances from them to a list of updates in
 * closed form, so that each probe of a line search costs O(n) after one O(n * dim) pass.
 */
import { loadNative, NATIVE_MIN_LENGTH } from '@fedrank/native';

const native = loadNative();

/** origin - gamma * dir, rounded to float32. */
export function alongLine(origin: Float64Array, gamma: number, dir: Float64Array): Float32Array {
  const dim = origin.length;
  const out = new Float32Array(dim);
  for (let j = 0; j < dim; j++) out[j] = origin[j] - gamma * dir[j];
  return out;
}

/**
 * Squared distances from the points of a line, origin - gamma * dir, to each update b_i, in
 * closed form: ||origin - gamma*dir - b_i||^2 = a_i - 2*gamma*c_i + gamma^2 * q with
 * a_i = ||origin - b_i||^2, c_i = <dir, origin - b_i>, q = ||dir||^2. One pass over the updates;
 * each probe of a line search is then O(n) instead of O(n * dim). The a_i and c_i sums run natively
 * where the addon is built (the same sums in the same order, bit for bit).
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
  if (native.available && origin.length >= NATIVE_MIN_LENGTH) native.kernels.lineTerms(updates, origin, dir, a, c);
  else linePasses(updates, origin, dir, a, c);
  let q = 0;
  for (let j = 0; j < dir.length; j++) q += dir[j] * dir[j];
  return { a, c, q };
}

function linePasses(updates: readonly Float32Array[], origin: Float64Array, dir: Float64Array, a: Float64Array, c: Float64Array): void {
  const n = updates.length;
  for (let i = 0; i < n; i++) {
    const r = lineTerms(updates[i], origin, dir);
    a[i] = r[0];
    c[i] = r[1];
  }
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
