/**
 * The line origin - gamma * dir that the search attacks (min-max, min-sum, AGR-tailored, Fang on
 * Krum) walk along: its points, and the squared distances from them to a list of updates in
 * closed form, so that each probe of a line search costs O(n) after one O(n * dim) pass.
 */

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
