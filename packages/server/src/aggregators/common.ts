/**
 * Shared helpers for the weight aggregation rules: input checks, the Byzantine count f, client
 * weights, a reusable Float64 scratch buffer (one coordinate's n values at a time, so the
 * coordinate-wise rules allocate nothing per coordinate), and pairwise squared distances
 * accumulated in float64. The robust kernels themselves (sorted coordinates, median, trimmed
 * mean, Krum scores) live in @fedrank/voting.
 *
 * Inputs are assumed finite: the server rejects updates with NaN/Inf before aggregating.
 */
import { loadNative, NATIVE_MIN_LENGTH } from '@fedrank/native';
import { firstNonFinite } from '../codecs/float32-layers.js';
import type { DistanceMemo } from './distance-memo.js';
import { AggregatorError, type AggregationContext } from './types.js';

/** Checks that there is at least one update and that all have the same length; returns it. */
export function checkUpdates(updates: readonly Float32Array[], rule: string): number {
  const n = updates.length;
  if (n === 0) throw new AggregatorError(`${rule} got no updates to aggregate`, 'updates');
  const dim = updates[0].length;
  for (let i = 1; i < n; i++) {
    if (updates[i].length !== dim) {
      throw new AggregatorError(`${rule}: update ${i} has ${updates[i].length} coordinates, update 0 has ${dim}`, 'updates');
    }
  }
  return dim;
}

/**
 * The bookkeeping every streaming fold shares: counts the updates, checks each one's size against
 * the fold's, refuses updates after the result was taken and a result of no updates.
 */
export class FoldGuard {
  private added = 0;
  private finished = false;

  constructor(private readonly rule: string) {}

  get count(): number {
    return this.added;
  }

  /** Before adding an update of `size` values (or layers: `unit`) to a fold of `expected`. */
  add(size: number, expected: number, unit = 'values'): void {
    if (this.finished) throw new AggregatorError(`${this.rule}: update added after the aggregate was taken`, 'updates');
    if (size !== expected) {
      throw new AggregatorError(`${this.rule}: update ${this.added} has ${size} ${unit}, expected ${expected}`, 'updates');
    }
    this.added++;
  }

  /** Before taking the result: the number of updates added (at least one). */
  finish(): number {
    if (this.added === 0) throw new AggregatorError(`${this.rule} got no updates to aggregate`, 'updates');
    this.finished = true;
    return this.added;
  }
}

/** A non-negative integer parameter, or an AggregatorError naming `field`. */
export function checkCount(value: number, field: string, min = 0): number {
  if (!Number.isInteger(value) || value < min) {
    throw new AggregatorError(`must be an integer >= ${min}, got ${value}`, field);
  }
  return value;
}

/** The Byzantine count the rule assumes: the spec's fixed f if given, else the round's. */
export function resolveF(fixed: number | undefined, ctx: AggregationContext): number {
  if (fixed !== undefined) return fixed;
  return checkCount(ctx.f, 'aggregator.f');
}

/**
 * Normalized client weights (sum 1) from ctx.weights, or null for uniform weights.
 * Weights must be finite, non-negative, one per update, with a positive sum.
 */
export function normalizedWeights(ctx: AggregationContext, n: number, rule: string): Float64Array | null {
  const w = ctx.weights;
  if (w === undefined) return null;
  if (w.length !== n) {
    throw new AggregatorError(`${rule}: ${w.length} weights for ${n} updates`, 'weights');
  }
  let total = 0;
  for (let i = 0; i < n; i++) {
    const x = w[i];
    if (!(Number.isFinite(x) && x >= 0)) {
      throw new AggregatorError(`${rule}: weight ${i} is ${x}, not a finite non-negative number`, 'weights');
    }
    total += x;
  }
  if (!(total > 0)) throw new AggregatorError(`${rule}: the weights sum to 0`, 'weights');
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = w[i] / total;
  return out;
}

/** A Float64 scratch buffer of at least `n` entries, reused across calls. */
export class Scratch {
  private buf = new Float64Array(32);
  get(n: number): Float64Array {
    if (this.buf.length < n) this.buf = new Float64Array(Math.max(n, 2 * this.buf.length));
    return this.buf;
  }
}

/**
 * Pairwise squared Euclidean distances, row-major n x n, accumulated in float64. The coordinates
 * are processed in blocks so that the n slices of a block stay in cache while all pairs visit it;
 * within a block, each row is compared with four others at once (four independent sums, each in
 * the same order as one at a time). The native addon, where built, computes the same sums in the
 * same order (bit for bit). The same array passed twice (an attack's copies) is compared with the
 * others once: its distance to itself is 0 (NaN if it holds a non-finite value, as computed).
 * With a memo, pairs it holds are taken from it and the pairs computed are added to it (the same
 * values: a pair's sum does not depend on the other updates).
 */
export function pairwiseSquaredDistances(updates: readonly Float32Array[], memo?: DistanceMemo): Float64Array {
  if (memo !== undefined) return memoizedDistances(updates, memo);
  const n = updates.length;
  const slotOf = new Map<Float32Array, number>();
  const distinct: Float32Array[] = [];
  const slot = new Int32Array(n);
  for (let a = 0; a < n; a++) {
    let k = slotOf.get(updates[a]);
    if (k === undefined) {
      k = distinct.length;
      slotOf.set(updates[a], k);
      distinct.push(updates[a]);
    }
    slot[a] = k;
  }
  if (distinct.length === n) return distinctDistances(updates);
  const u = distinct.length;
  const base = distinctDistances(distinct);
  const self = distinct.map(selfDistance);
  const dist = new Float64Array(n * n);
  for (let a = 0; a < n; a++)
    for (let b = 0; b < n; b++) if (a !== b) dist[a * n + b] = slot[a] === slot[b] ? self[slot[a]] : base[slot[a] * u + slot[b]];
  return dist;
}

/** An array's squared distance to itself as the sums would compute it: 0, or NaN if it holds a non-finite value. */
function selfDistance(x: Float32Array): number {
  return firstNonFinite(x) < 0 ? 0 : NaN;
}

/**
 * pairwiseSquaredDistances through a memo: the distinct arrays split into a group whose pairs are
 * all recorded (taken greedily, arrays the memo has seen first) and the rest; only the rest's
 * pairs, among themselves and with the group, are computed.
 */
function memoizedDistances(updates: readonly Float32Array[], memo: DistanceMemo): Float64Array {
  const n = updates.length;
  const distinct = [...new Set(updates)];
  const known: Float32Array[] = [];
  const fresh: Float32Array[] = [];
  // Arrays the memo has seen first, so that a new array never keeps the pool out of the group.
  for (const x of [...distinct.filter((y) => memo.has(y)), ...distinct.filter((y) => !memo.has(y))])
    (known.every((y) => memo.get(x, y) !== undefined) ? known : fresh).push(x);
  if (fresh.length > 0) {
    const within = pairwiseSquaredDistances(fresh);
    for (let a = 0; a < fresh.length; a++)
      for (let b = a + 1; b < fresh.length; b++) memo.set(fresh[a], fresh[b], within[a * fresh.length + b]);
    const across = crossSquaredDistances(fresh, known);
    for (let a = 0; a < fresh.length; a++)
      for (let b = 0; b < known.length; b++) memo.set(fresh[a], known[b], across[a * known.length + b]);
  }
  const dist = new Float64Array(n * n);
  for (let a = 0; a < n; a++)
    for (let b = 0; b < n; b++) {
      if (a === b) continue;
      const x = updates[a];
      const y = updates[b];
      let d = memo.get(x, y);
      if (d === undefined) {
        // An array's distance to itself (an attack's copies), computed once.
        d = selfDistance(x);
        memo.set(x, x, d);
      }
      dist[a * n + b] = d;
    }
  return dist;
}

const native = loadNative();
/** Coordinates per block of the distance sums (the native kernels use the same). */
const DISTANCE_BLOCK = 4096;

/** out[a * |ys| + b] = the squared distance of xs[a] and ys[b], summed as distinctDistances sums a pair. */
function crossSquaredDistances(xs: readonly Float32Array[], ys: readonly Float32Array[]): Float64Array {
  const out = new Float64Array(xs.length * ys.length);
  if (xs.length === 0 || ys.length === 0) return out;
  if (native.available && xs[0].length >= NATIVE_MIN_LENGTH) {
    native.kernels.crossSquaredDistances(xs, ys, out);
    return out;
  }
  const dim = xs[0].length;
  for (let start = 0; start < dim; start += DISTANCE_BLOCK) {
    const end = Math.min(dim, start + DISTANCE_BLOCK);
    for (let a = 0; a < xs.length; a++)
      for (let b = 0; b < ys.length; b++) out[a * ys.length + b] += squaredDistanceRange(xs[a], ys[b], start, end);
  }
  return out;
}

function distinctDistances(updates: readonly Float32Array[]): Float64Array {
  const n = updates.length;
  if (native.available && n > 1 && updates[0].length >= NATIVE_MIN_LENGTH) {
    const out = new Float64Array(n * n);
    native.kernels.pairwiseSquaredDistances(updates, out);
    return out;
  }
  const dim = n === 0 ? 0 : updates[0].length;
  const dist = new Float64Array(n * n);
  for (let start = 0; start < dim; start += DISTANCE_BLOCK) {
    const end = Math.min(dim, start + DISTANCE_BLOCK);
    for (let a = 0; a < n; a++) {
      const x = updates[a];
      let b = a + 1;
      for (; b + 3 < n; b += 4) squaredDistancesRange4(x, updates, b, start, end, dist, a * n + b);
      for (; b < n; b++) dist[a * n + b] += squaredDistanceRange(x, updates[b], start, end);
    }
  }
  for (let a = 0; a < n; a++) {
    for (let b = a + 1; b < n; b++) dist[b * n + a] = dist[a * n + b];
  }
  return dist;
}

function squaredDistanceRange(x: Float32Array, y: Float32Array, start: number, end: number): number {
  let s = 0;
  for (let j = start; j < end; j++) {
    const d = x[j] - y[j];
    s += d * d;
  }
  return s;
}

/** out[at + i] += squaredDistanceRange(x, updates[b + i], start, end) for i = 0..3, in one pass. */
function squaredDistancesRange4(
  x: Float32Array,
  updates: readonly Float32Array[],
  b: number,
  start: number,
  end: number,
  out: Float64Array,
  at: number,
): void {
  const y0 = updates[b];
  const y1 = updates[b + 1];
  const y2 = updates[b + 2];
  const y3 = updates[b + 3];
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  for (let j = start; j < end; j++) {
    const xj = x[j];
    const d0 = xj - y0[j];
    s0 += d0 * d0;
    const d1 = xj - y1[j];
    s1 += d1 * d1;
    const d2 = xj - y2[j];
    s2 += d2 * d2;
    const d3 = xj - y3[j];
    s3 += d3 * d3;
  }
  out[at] += s0;
  out[at + 1] += s1;
  out[at + 2] += s2;
  out[at + 3] += s3;
}

/** Euclidean distance between an update and a float64 point. */
export function distanceTo(x: Float32Array, v: Float64Array): number {
  let s = 0;
  const dim = x.length;
  for (let j = 0; j < dim; j++) {
    const d = x[j] - v[j];
    s += d * d;
  }
  return Math.sqrt(s);
}
