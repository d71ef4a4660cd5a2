/**
 * Coordinate-wise trimmed mean of [c copies of one update x, then a fixed pool], for many x: what
 * each evaluation needs from the pool is gathered once (the b lowest and b highest values of each
 * coordinate and the sum of the others), and each evaluation places x among them instead of
 * sorting c + n values per coordinate.
 *
 * Formula:    y_j = 1/(c + n - 2b) * sum_{k=b+1}^{c+n-b} z_(k)j, z the multiset {x_j (c times)} U {pool_ij};
 *             the merged order is pool values < x_j, then the copies, then the rest.
 * Parameters: c copies, b values dropped at each end (0 <= 2b <= n; a pool of fewer than 2b is
 *             declined, and the caller evaluates the rule itself).
 * Input:      the pool (n finite updates of one length, not modified while in use), x of that
 *             length (no NaN).
 * Returns:    the same float32 values as coordinateTrimmedMeanInto([x repeated c times, ...pool], b),
 *             bit for bit. Where a coordinate's values (pool and x_j) span less than 2^(29 - log2(c + n))
 *             in magnitude, every float64 partial sum of them is exact, so the sum does not depend on
 *             the order: the pool's middle ranks [b, n - b) are summed once, and an evaluation adds
 *             the tail values it keeps and the copies it keeps. Elsewhere (rare: a handful of
 *             coordinates of a real update) the coordinate's pool values are sorted again and the
 *             kept values summed in the rule's ascending order (values that tie are equal, so where
 *             the copies sit among them does not change the sum).
 * Cost:       one pass over the pool (a sorting network per coordinate, natively; else an insertion
 *             sort), then per coordinate per evaluation O(b) reads of the tails, or O(n^2) where the
 *             span is wide. Memory: 2b float32 tail values per coordinate, plus 16 bytes.
 */

import { loadNative, NATIVE_MIN_LENGTH } from '@fedrank/native';

const native = loadNative();

/** Coordinates per block of the tails' layout (the native kernels' vector width). */
const LANES = 16;

/** What evaluations with `copies` copies and `b` dropped at each end reuse from the pool. */
export interface TrimmedMeanWithCopies {
  /** The pool itself (read again where a coordinate's sums are not exact). */
  pool: readonly Float32Array[];
  /**
   * Each coordinate's b lowest then b highest pool values, ascending, in blocks of 16
   * coordinates: value t (0 <= t < 2b) of coordinate j at ((j >> 4) * 2b + t) * 16 + (j & 15).
   */
  tails: Float32Array;
  n: number;
  dim: number;
  copies: number;
  b: number;
  /** Per coordinate (padded to a multiple of 16): the sum of the pool's ranks [b, n - b) (used only where it is exact). */
  middle: Float64Array;
  /** Per coordinate (padded): the smallest nonzero and the largest |pool value| (smallest: Infinity when all are 0). */
  minAbs: Float32Array;
  maxAbs: Float32Array;
  /** Values whose magnitudes are within this factor of each other sum exactly in float64. */
  span: number;
  /**
   * The pool's coordinate-wise mean and unbiased standard deviation (0 for one update), float64
   * sums in the pool's order: what coordinateMeanStd of @fedrank/server gives, computed in the same pass.
   */
  mean: Float64Array;
  std: Float64Array;
}

/** The arrays of an earlier preparation, which a new one of the same size may overwrite. */
export type TrimmedMeanScratch = Pick<TrimmedMeanWithCopies, 'tails' | 'middle' | 'minAbs' | 'maxAbs' | 'mean' | 'std'>;

/** Index of tail value t of coordinate j. */
const tailAt = (b: number, t: number, j: number): number => (((j >> 4) * 2 * b + t) << 4) + (j & 15);

/**
 * Gathers the pool's tails, middle sums, magnitudes, mean and deviation. Null if a value is not
 * finite or the pool has fewer than 2b updates (the caller then evaluates the rule itself).
 * `reuse`: an earlier preparation's arrays, overwritten when their sizes match (an attack that
 * prepares every round spares the fresh allocations); it must not be used afterwards.
 */
export function prepareTrimmedMeanWithCopies(
  pool: readonly Float32Array[],
  copies: number,
  b: number,
  reuse?: TrimmedMeanScratch,
): TrimmedMeanWithCopies | null {
  const n = pool.length;
  if (n === 0 || 2 * b > n) return null;
  const dim = pool[0].length;
  const padded = Math.ceil(dim / LANES) * LANES;
  const fits = reuse !== undefined && reuse.tails.length === padded * 2 * b && reuse.middle.length === padded && reuse.mean.length === dim;
  const tails = fits ? reuse.tails : new Float32Array(padded * 2 * b);
  const middle = fits ? reuse.middle : new Float64Array(padded);
  const minAbs = fits ? reuse.minAbs : new Float32Array(padded);
  const maxAbs = fits ? reuse.maxAbs : new Float32Array(padded);
  const mean = fits ? reuse.mean : new Float64Array(dim);
  const std = fits ? reuse.std : new Float64Array(dim);
  // Float32 values within 2^S of each other in magnitude are multiples of 2^(Emin - 23) below
  // 2^(Emin + S + 1); any sum of N of them is exact in float64 when N * 2^(S + 24) <= 2^53.
  const span = 2 ** (29 - Math.ceil(Math.log2(copies + n)));
  const prep = { pool, tails, n, dim, copies, b, middle, minAbs, maxAbs, span, mean, std };
  if (native.available && dim * n >= NATIVE_MIN_LENGTH) {
    // The same values from the native addon (bit for bit).
    return native.kernels.poolTails(pool, b, tails, middle, minAbs, maxAbs, mean, std) ? prep : null;
  }
  const col = new Float32Array(n);
  const inv = 1 / n;
  const invDev = 1 / (n - 1);
  for (let j = 0; j < dim; j++) {
    let sum = 0;
    for (let a = 0; a < n; a++) sum += pool[a][j];
    const m = sum * inv;
    let q = 0;
    for (let a = 0; a < n; a++) {
      const d = pool[a][j] - m;
      q += d * d;
    }
    mean[j] = m;
    std[j] = n < 2 ? 0 : Math.sqrt(q * invDev);
    if (!sortedColumn(pool, j, col)) return null;
    let s = 0;
    for (let k = b; k < n - b; k++) s += col[k];
    middle[j] = s;
    let lo = Infinity;
    let hi = 0;
    for (let k = 0; k < n; k++) {
      const a = Math.abs(col[k]);
      if (a !== 0 && a < lo) lo = a;
      if (a > hi) hi = a;
    }
    minAbs[j] = lo;
    maxAbs[j] = hi;
    for (let t = 0; t < b; t++) {
      tails[tailAt(b, t, j)] = col[t];
      tails[tailAt(b, b + t, j)] = col[n - b + t];
    }
  }
  return prep;
}

/** Coordinate j's pool values into col, ascending (insertion sort); false if one is not finite. */
function sortedColumn(pool: readonly Float32Array[], j: number, col: Float32Array): boolean {
  for (let a = 0; a < pool.length; a++) {
    const x = pool[a][j];
    if (!Number.isFinite(x)) return false;
    let k = a - 1;
    while (k >= 0 && col[k] > x) {
      col[k + 1] = col[k];
      k--;
    }
    col[k + 1] = x;
  }
  return true;
}

/** out[j] = trimmed mean (b dropped at each end) of coordinate j of [x repeated `copies` times, ...pool]. */
export function trimmedMeanWithCopiesInto(prep: TrimmedMeanWithCopies, x: Float32Array, out: Float32Array): void {
  const { pool, tails, n, dim, copies, b, middle, minAbs, maxAbs, span } = prep;
  const total = copies + n;
  const end = total - b;
  const kept = total - 2 * b;
  const col = new Float32Array(n);
  for (let j = 0; j < dim; j++) {
    const v = x[j];
    const av = Math.abs(v);
    const mx = av > maxAbs[j] ? av : maxAbs[j];
    const mn = av !== 0 && av < minAbs[j] ? av : minAbs[j];
    if (mx < span * mn) {
      // Exact sums: the pool's middle ranks [b, n - b), the tail ranks kept, and the copies kept.
      let s = middle[j];
      if (b > 0 && !(tails[tailAt(b, b - 1, j)] < v)) {
        // pos < b: the copies sit below rank b; pool ranks [max(pos, b - c), b) are kept too.
        let pos = 0;
        while (tails[tailAt(b, pos, j)] < v) pos++;
        for (let k = pos > b - copies ? pos : b - copies; k < b; k++) s += tails[tailAt(b, k, j)];
        const kc = pos + copies - b;
        if (kc > 0) s += kc * v;
      } else if (b > 0 && tails[tailAt(b, b, j)] < v) {
        // pos > n - b: pool ranks [n - b, min(pos, end)) are kept too (tail index k - (n - 2b)).
        let pos = n;
        while (!(tails[tailAt(b, pos - 1 - (n - 2 * b), j)] < v)) pos--;
        const top = pos < end ? pos : end;
        for (let k = n - b; k < top; k++) s += tails[tailAt(b, k - (n - 2 * b), j)];
        const kc = (pos + copies < end ? pos + copies : end) - pos;
        if (kc > 0) s += kc * v;
      } else {
        s += copies * v;
      }
      out[j] = s / kept;
      continue;
    }
    // The rule's order: pool values below pos, the copies, the rest.
    sortedColumn(pool, j, col);
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (col[mid] < v) lo = mid + 1;
      else hi = mid;
    }
    const pos = lo;
    let s = 0;
    const lowEnd = pos < end ? pos : end;
    for (let k = b; k < lowEnd; k++) s += col[k];
    const copyStart = pos > b ? pos : b;
    const copyEnd = pos + copies < end ? pos + copies : end;
    for (let k = copyStart; k < copyEnd; k++) s += v;
    const highStart = pos + copies > b ? pos + copies : b;
    for (let k = highStart; k < end; k++) s += col[k - copies];
    out[j] = s / kept;
  }
}

/** How many gammas one call of trimmedMeanWithCopiesDistances takes at most. */
export const MAX_PROBES_PER_PASS = 4;

/**
 * ||y - origin|| for each gamma, with y the trimmed mean of [copies of x, ...pool] and x =
 * float32(origin - gamma * dir): probes of a line search against the trimmed mean (AGR-tailored),
 * without building x or y; up to MAX_PROBES_PER_PASS gammas share one pass over the pool side. Each
 * value is, bit for bit, what computing x, trimmedMeanWithCopiesInto and the float64 norm of the
 * difference in coordinate order gives; natively where the addon is built.
 */
export function trimmedMeanWithCopiesDistances(
  prep: TrimmedMeanWithCopies,
  origin: Float64Array,
  gammas: readonly number[],
  dir: Float64Array,
): number[] {
  const { pool, tails, n, dim, copies, b, middle, minAbs, maxAbs, span } = prep;
  if (gammas.length < 1 || gammas.length > MAX_PROBES_PER_PASS) {
    throw new RangeError(`trimmedMeanWithCopiesDistances takes 1 to ${MAX_PROBES_PER_PASS} gammas, got ${gammas.length}`);
  }
  if (native.available && dim * n >= NATIVE_MIN_LENGTH) {
    const out = new Float64Array(gammas.length);
    native.kernels.trimmedMeanCopiesDistances(
      pool,
      tails,
      copies,
      b,
      middle,
      minAbs,
      maxAbs,
      span,
      origin,
      dir,
      Float64Array.from(gammas),
      out,
    );
    return Array.from(out);
  }
  return gammas.map((gamma) => {
    const x = new Float32Array(dim);
    for (let j = 0; j < dim; j++) x[j] = origin[j] - gamma * dir[j];
    const y = new Float32Array(dim);
    trimmedMeanWithCopiesInto(prep, x, y);
    let s = 0;
    for (let j = 0; j < dim; j++) {
      const d = y[j] - origin[j];
      s += d * d;
    }
    return Math.sqrt(s);
  });
}
