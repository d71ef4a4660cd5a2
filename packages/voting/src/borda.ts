/**
 * FRL server vote (Federated Rank Learning, arXiv 2110.04350): a Borda count. Each client ranking
 * r lists edge ids in ascending score order, so edge r[i] sits at position i. The score of edge e
 * is S(e) = sum over rankings of w_r * pos_r(e) (unweighted in FRL: w_r = 1), and the global
 * ranking sorts edges by ascending S, ties by edge id. Sums reach clients * n (> 2^24), so they
 * are kept in float64 (exact for integers up to 2^53).
 *
 * Kernel: instead of the read-modify-write scatter sums[r[i]] += i, each ranking is inverted by a
 * write-only scatter inv[r[i]] = i into a reused Uint32 buffer, then added sequentially
 * (sums[e] += inv[e]). Random writes do not stall on their cache misses the way random
 * read-modify-writes do. The buffer is kept
 * filled with a sentinel between calls, so the sequential pass also proves the ranking is a
 * permutation (no sentinel left) at no extra random access. On large rankings both loops run in
 * the native addon where it is built.
 */

import { loadNative, NATIVE_MIN_LENGTH } from '@fedrank/native';
import { argsortFloat64 } from './argsort.js';
import { validatePermutation } from './permutation.js';

const SENTINEL = 0xffffffff;
const native = loadNative();

/** Inverse-permutation scratch; every entry is SENTINEL between calls. */
let invScratch: Uint32Array = new Uint32Array(0);

function inverseBuffer(n: number): Uint32Array {
  if (invScratch.length < n) invScratch = new Uint32Array(n).fill(SENTINEL);
  return invScratch.subarray(0, n);
}

function checkSize(n: number, name: string): void {
  if (!Number.isInteger(n) || n < 0 || n > SENTINEL) {
    throw new RangeError(`${name}: invalid number of edges ${n}`);
  }
}

// Each loop sits in its own small function, so V8 optimizes it whole (a long function whose
// first loop gets optimized on the stack deoptimizes at the code after it, on every call).

/** inv[ranking[i]] = i: write-only scatter. Values >= inv.length are dropped (typed array). */
function scatterInverse(ranking: Uint32Array, inv: Uint32Array): void {
  const n = ranking.length;
  if (native.available && n >= NATIVE_MIN_LENGTH) {
    native.kernels.scatterInverse(ranking, inv);
    return;
  }
  for (let i = 0; i < n; i++) inv[ranking[i]] = i;
}

/** True if no entry of inv is SENTINEL, i.e. every edge received a position. */
function allAssigned(inv: Uint32Array): boolean {
  const n = inv.length;
  for (let e = 0; e < n; e++) if (inv[e] === SENTINEL) return false;
  return true;
}

/**
 * sums[e] += inv[e] and inv[e] = SENTINEL, stopping at the first unassigned edge: returns the
 * number of edges processed (n if the ranking was a permutation).
 */
function addAndClear(sums: Float64Array, inv: Uint32Array): number {
  const n = inv.length;
  if (native.available && n >= NATIVE_MIN_LENGTH) return native.kernels.addAndClear(sums, inv);
  for (let e = 0; e < n; e++) {
    const v = inv[e];
    if (v === SENTINEL) return e;
    sums[e] += v;
    inv[e] = SENTINEL;
  }
  return n;
}

/** Undoes addAndClear on edges [0, upto) (inv refilled by the same scatter): exact on integers. */
function subtractAndClear(sums: Float64Array, inv: Uint32Array, upto: number): void {
  for (let e = 0; e < upto; e++) sums[e] -= inv[e];
  inv.fill(SENTINEL);
}

function addWeightedAndClear(sums: Float64Array, inv: Uint32Array, weight: number): void {
  const n = inv.length;
  for (let e = 0; e < n; e++) {
    sums[e] += weight * inv[e];
    inv[e] = SENTINEL;
  }
}

/**
 * sums[e] += weight * (position of e in `ranking`). Throws (leaving `sums` unchanged) unless
 * `ranking` is a permutation of 0..n-1, n = sums.length. `integral`: every sum is an integer, so
 * an unweighted add can be undone exactly.
 */
function addRanking(sums: Float64Array, ranking: Uint32Array, weight: number, integral: boolean, name: string): void {
  const n = sums.length;
  if (ranking.length !== n) {
    throw new RangeError(`${name}: ranking has length ${ranking.length}, expected ${n}`);
  }
  if (!Number.isFinite(weight) || weight < 0) {
    throw new RangeError(`${name}: weight ${weight} must be finite and non-negative`);
  }
  const inv = inverseBuffer(n);
  // Any invalid ranking (duplicate, or a value >= n dropped by the view) leaves a SENTINEL.
  scatterInverse(ranking, inv);
  if (weight === 1 && integral) {
    // The check is fused into the sequential add; on failure the same scatter reproduces the
    // added positions, which are subtracted again (exact: integer sums below 2^53).
    const done = addAndClear(sums, inv);
    if (done === n) return;
    scatterInverse(ranking, inv);
    subtractAndClear(sums, inv, done);
  } else if (allAssigned(inv)) {
    // (a + w x) - w x need not round back to a, so weighted adds check first.
    addWeightedAndClear(sums, inv, weight);
    return;
  }
  inv.fill(SENTINEL);
  const reason = validatePermutation(ranking, n) ?? 'not a permutation';
  throw new RangeError(`${name}: ranking is not a permutation of 0..${n - 1}: ${reason}`);
}

/** sums[e] += scores[e]; true if every score was an integer. */
function addScores(sums: Float64Array, scores: Float64Array): boolean {
  let integral = true;
  for (let e = 0; e < sums.length; e++) {
    const x = scores[e];
    if (integral && !Number.isInteger(x)) integral = false;
    sums[e] += x;
  }
  return integral;
}

/**
 * Borda scores: for each edge, the sum of its positions over `rankings` (each a permutation of
 * 0..n-1 in ascending score order). Writes into `out` (length n) if given.
 */
export function bordaScores(rankings: readonly Uint32Array[], n: number, out?: Float64Array): Float64Array {
  checkSize(n, 'bordaScores');
  const sums = out ?? new Float64Array(n);
  if (sums.length !== n) {
    throw new RangeError(`bordaScores: out has length ${sums.length}, expected ${n}`);
  }
  sums.fill(0);
  for (let k = 0; k < rankings.length; k++) {
    addRanking(sums, rankings[k], 1, true, `bordaScores: ranking ${k}`);
  }
  return sums;
}

/** The global ranking: edges sorted by ascending Borda score, ties by edge id. */
export function bordaRanking(rankings: readonly Uint32Array[], n: number): Uint32Array {
  return argsortFloat64(bordaScores(rankings, n));
}

/**
 * Reducible Borda vote: add rankings one at a time (optionally weighted), merge partial
 * accumulators (e.g. one per worker: merge them, or pass `scores()` and `count` across and use
 * `mergeScores`), then read the scores or the global ranking.
 */
export class BordaAccumulator {
  readonly n: number;
  private readonly sums: Float64Array;
  private added = 0;
  private weights = 0;
  /** All sums are integers (no fractional weights or merged fractional scores so far). */
  private integral = true;

  constructor(n: number) {
    checkSize(n, 'BordaAccumulator');
    this.n = n;
    this.sums = new Float64Array(n);
  }

  /** Adds weight * position for every edge of `ranking` (a permutation of 0..n-1; checked). */
  add(ranking: Uint32Array, weight = 1): void {
    addRanking(this.sums, ranking, weight, this.integral, 'BordaAccumulator.add');
    this.added++;
    this.weights += weight;
    if (!Number.isInteger(weight)) this.integral = false;
  }

  /** Adds the rankings and scores accumulated by `other` (same n). */
  merge(other: BordaAccumulator): void {
    this.mergeScores(other.sums, other.added, other.weights);
  }

  /** Adds partial scores produced elsewhere (e.g. another worker's `scores()` and `count`). */
  mergeScores(scores: Float64Array, count: number, totalWeight: number = count): void {
    if (scores.length !== this.n) {
      throw new RangeError(`BordaAccumulator.merge: ${scores.length} edges, expected ${this.n}`);
    }
    if (!Number.isInteger(count) || count < 0) {
      throw new RangeError(`BordaAccumulator.merge: invalid count ${count}`);
    }
    if (!addScores(this.sums, scores)) this.integral = false;
    this.added += count;
    this.weights += totalWeight;
  }

  /** Number of rankings added (including merged ones). */
  get count(): number {
    return this.added;
  }

  /** Sum of the weights of the rankings added (equals count when unweighted). */
  get totalWeight(): number {
    return this.weights;
  }

  /** A copy of the current scores (summed weighted positions per edge). */
  scores(): Float64Array {
    return this.sums.slice();
  }

  /** Edges sorted by ascending score, ties by edge id. */
  ranking(out?: Uint32Array): Uint32Array {
    return argsortFloat64(this.sums, out);
  }

  /** Clears the scores and counts. */
  reset(): void {
    this.sums.fill(0);
    this.added = 0;
    this.weights = 0;
    this.integral = true;
  }
}
