/**
 * Selection without sorting, and the edge-popup keep mask (Ramanujan et al. 2020; FRL reference):
 * with n = scores.length and j = floor((1 - keep) * n), the j edges with the smallest |score| get
 * 0 and the other n - j get 1. Ties at the threshold: the lower edge ids get 0 first.
 *
 * Both use a radix select on the order-preserving uint32 keys of the float bits (see argsort.ts):
 * a histogram of the top 11 key bits locates the bucket of rank k, its members are copied out,
 * and two more histograms (11 and 10 bits) over them pin the key down. O(n), input untouched.
 * Ordering as argsortFloat32: -0 < +0, NaN after +Infinity (for |score|: NaN is the largest).
 */

let candKeys: Uint32Array = new Uint32Array(0);
let candIdx: Uint32Array = new Uint32Array(0);

// Module-level constant histograms: V8 increments these markedly faster than per-call arrays.
/** Top-11-bit histogram in 4 interleaved copies (breaks the dependency chains of repeated
 * increments of one bucket: scores crowd into a few exponents). */
const TOP = new Uint32Array(4 * 2048);
const MID = new Uint32Array(2048);
const LOW = new Uint32Array(1024);

const F32 = new Float32Array(1);
const U32 = new Uint32Array(F32.buffer);

/** Key of a signed float32 bit pattern (NaN -> 0xffffffff). */
function signedKey(u: number): number {
  return (u & 0x7fffffff) > 0x7f800000 ? 0xffffffff : (u ^ ((u >> 31) | 0x80000000)) >>> 0;
}

/** Key of |x| for the float32 bit pattern u of x (NaN -> 0x7fffffff). */
function absKey(u: number): number {
  const a = u & 0x7fffffff;
  return a > 0x7f800000 ? 0x7fffffff : a;
}

/** The float32 value whose signed key is `key` (NaN for the NaN key). */
function valueOfSignedKey(key: number): number {
  if (key === 0xffffffff) return NaN;
  U32[0] = key >= 0x80000000 ? key ^ 0x80000000 : ~key >>> 0;
  return F32[0];
}

// Each hot loop sits in its own small function, so V8 optimizes it whole (no on-stack
// replacement of one loop inside a long function followed by a deoptimization).

function topHistogramSigned(bits: Uint32Array): void {
  const n = bits.length;
  // The n % 4 leftovers first: code after a hot loop that never ran before V8 optimized the
  // loop deoptimizes it on every call.
  const r = n & 3;
  for (let i = 0; i < r; i++) TOP[signedKey(bits[i]) >>> 21]++;
  for (let i = r; i < n; i += 4) {
    TOP[signedKey(bits[i]) >>> 21]++;
    TOP[2048 + (signedKey(bits[i + 1]) >>> 21)]++;
    TOP[4096 + (signedKey(bits[i + 2]) >>> 21)]++;
    TOP[6144 + (signedKey(bits[i + 3]) >>> 21)]++;
  }
}

function topHistogramAbs(bits: Uint32Array): void {
  const n = bits.length;
  // The n % 4 leftovers first: code after a hot loop that never ran before V8 optimized the
  // loop deoptimizes it on every call.
  const r = n & 3;
  for (let i = 0; i < r; i++) TOP[absKey(bits[i]) >>> 21]++;
  for (let i = r; i < n; i += 4) {
    TOP[absKey(bits[i]) >>> 21]++;
    TOP[2048 + (absKey(bits[i + 1]) >>> 21)]++;
    TOP[4096 + (absKey(bits[i + 2]) >>> 21)]++;
    TOP[6144 + (absKey(bits[i + 3]) >>> 21)]++;
  }
}

/** Histogram of the top 11 key bits (key >>> 21) of the signed or |x| keys, in TOP[0..2048). */
function topHistogram(bits: Uint32Array, abs: boolean): Uint32Array {
  TOP.fill(0);
  if (abs) topHistogramAbs(bits);
  else topHistogramSigned(bits);
  for (let d = 0; d < 2048; d++) TOP[d] += TOP[2048 + d] + TOP[4096 + d] + TOP[6144 + d];
  return TOP;
}

/** Bucket d of `hist` holding rank k (0-based), and the count of entries in earlier buckets. */
function findBucket(hist: Uint32Array, k: number): { d: number; before: number } {
  let before = 0;
  let d = 0;
  for (; ; d++) {
    const c = hist[d];
    if (k < before + c) break;
    before += c;
  }
  return { d, before };
}

/** Result of a selection: the key of rank k and how many keys are below it. */
interface Selected {
  key: number;
  less: number;
}

function midHistogram(cand: Uint32Array, m: number): void {
  MID.fill(0);
  for (let i = 0; i < m; i++) MID[(cand[i] >>> 10) & 0x7ff]++;
}

function lowHistogram(cand: Uint32Array, m: number, mid: number): void {
  LOW.fill(0);
  for (let i = 0; i < m; i++) {
    const c = cand[i];
    if (((c >>> 10) & 0x7ff) === mid) LOW[c & 0x3ff]++;
  }
}

/**
 * Rank-k selection among `cand[0..m)`, keys that share their top 11 bits `top`: two histograms
 * (bits 20..10, then 9..0) pin the key down. `less` counts keys below the bucket.
 */
function finishSelect(cand: Uint32Array, m: number, top: number, k: number, less: number): Selected {
  midHistogram(cand, m);
  const b2 = findBucket(MID, k);
  lowHistogram(cand, m, b2.d);
  const b3 = findBucket(LOW, k - b2.before);
  return {
    key: ((top << 21) | (b2.d << 10) | b3.d) >>> 0,
    less: less + b2.before + b3.before,
  };
}

function collectSigned(bits: Uint32Array, top: number, cand: Uint32Array): void {
  const n = bits.length;
  let c = 0;
  for (let i = 0; i < n; i++) {
    const key = signedKey(bits[i]);
    if (key >>> 21 === top) cand[c++] = key;
  }
}

/**
 * The k-th smallest value (0-based) of `values`, i.e. values[argsortFloat32(values)[k]], without
 * modifying `values`. `scratch` (length >= n) holds the copied candidates if given.
 */
export function kthSmallest(values: Float32Array, k: number, scratch?: Float32Array): number {
  const n = values.length;
  if (!Number.isInteger(k) || k < 0 || k >= n) {
    throw new RangeError(`kthSmallest: k=${k} out of range [0,${n})`);
  }
  const bits = new Uint32Array(values.buffer, values.byteOffset, n);
  const hist = topHistogram(bits, false);
  const { d: top, before } = findBucket(hist, k);
  const m = hist[top];
  let cand: Uint32Array;
  if (scratch !== undefined && scratch.length >= m) {
    cand = new Uint32Array(scratch.buffer, scratch.byteOffset, m);
  } else {
    if (candKeys.length < m) candKeys = new Uint32Array(m);
    cand = candKeys;
  }
  collectSigned(bits, top, cand);
  return valueOfSignedKey(finishSelect(cand, m, top, k - before, before).key);
}

/** j = floor((1 - keep) * n): the number of zeros of the mask (the reference's expression). */
export function maskZeros(n: number, keep: number): number {
  if (!(keep >= 0 && keep <= 1)) throw new RangeError(`keep=${keep} must be in [0,1]`);
  return Math.floor((1 - keep) * n);
}

type MaskArray = Uint8Array | Float32Array;

function maskOut(out: MaskArray | undefined, n: number, name: string): MaskArray {
  if (out === undefined) return new Uint8Array(n);
  if (out.length !== n) throw new RangeError(`${name}: out has length ${out.length}, expected ${n}`);
  return out;
}

/**
 * Sets mask[i] = 1 where the top 11 bits of |x_i|'s key are above `top`, else 0, and collects the
 * (key, index) pairs of bucket `top` in index order.
 */
function maskOutsideBucket(bits: Uint32Array, top: number, mask: MaskArray, ck: Uint32Array, ci: Uint32Array): void {
  const n = bits.length;
  let c = 0;
  for (let i = 0; i < n; i++) {
    const a = absKey(bits[i]);
    const d = a >>> 21;
    mask[i] = (top - d) >>> 31; // 1 iff d > top
    if (d === top) {
      ck[c] = a;
      ci[c] = i;
      c++;
    }
  }
}

/** Inside the bucket: keys above t get 1; of the keys equal to t the first `needEq` keep 0. */
function maskInsideBucket(ck: Uint32Array, ci: Uint32Array, m: number, t: number, needEq: number, mask: MaskArray): void {
  let need = needEq;
  for (let q = 0; q < m; q++) {
    const a = ck[q];
    if (a > t) mask[ci[q]] = 1;
    else if (a === t) {
      if (need > 0) need--;
      else mask[ci[q]] = 1;
    }
  }
}

/**
 * Edge-popup mask: 0 for the j = floor((1 - keep) * n) edges with the smallest |score| (ties:
 * lower index first), 1 for the other n - j. Returns `out` (Uint8Array or Float32Array, length n)
 * or a new Uint8Array.
 */
export function topKMaskOfAbs(scores: Float32Array, keep: number): Uint8Array;
export function topKMaskOfAbs<T extends MaskArray>(scores: Float32Array, keep: number, out: T): T;
export function topKMaskOfAbs(scores: Float32Array, keep: number, out?: MaskArray): MaskArray {
  const mask = maskOut(out, scores.length, 'topKMaskOfAbs');
  topKMaskOfAbsThreshold(scores, keep, mask);
  return mask;
}

/**
 * topKMaskOfAbs into `out`, returning the threshold: the |score| key (the float bits of |score|,
 * NaN -> 0x7fffffff) of the largest pruned edge, or -1 when no edge or every edge is pruned.
 */
export function topKMaskOfAbsThreshold(scores: Float32Array, keep: number, out: Uint8Array | Float32Array): number {
  const n = scores.length;
  const j = maskZeros(n, keep);
  const mask = maskOut(out, n, 'topKMaskOfAbs');
  if (j === 0 || j === n) {
    mask.fill(j === 0 ? 1 : 0);
    return -1;
  }
  const bits = new Uint32Array(scores.buffer, scores.byteOffset, n);
  // Bucket of the rank j-1 key by its top 11 bits. One pass sets the mask of every edge outside
  // that bucket (1 above, 0 below) and collects the bucket's (key, index) pairs in index order.
  const hist = topHistogram(bits, true);
  const { d: top, before } = findBucket(hist, j - 1);
  const m = hist[top];
  if (candKeys.length < m) candKeys = new Uint32Array(m);
  if (candIdx.length < m) candIdx = new Uint32Array(m);
  maskOutsideBucket(bits, top, mask, candKeys, candIdx);
  // t = the largest key that gets a 0; of the keys equal to t, the first j - less get 0.
  const { key: t, less } = finishSelect(candKeys, m, top, j - 1 - before, before);
  maskInsideBucket(candKeys, candIdx, m, t, j - less, mask);
  return t;
}

function scatterConstant(ranking: Uint32Array, from: number, to: number, value: number, mask: MaskArray): void {
  for (let i = from; i < to; i++) mask[ranking[i]] = value;
}

/**
 * The "top-rank" mask: with `ranking` the edge ids in ascending order, the edges ranking[j..n)
 * get 1 and ranking[0..j) get 0, j = floor((1 - keep) * n). `ranking` must be a permutation of
 * 0..n-1 (not checked: see isPermutation).
 */
export function topKMaskOfRanking(ranking: Uint32Array, keep: number): Uint8Array;
export function topKMaskOfRanking<T extends MaskArray>(ranking: Uint32Array, keep: number, out: T): T;
export function topKMaskOfRanking(ranking: Uint32Array, keep: number, out?: MaskArray): MaskArray {
  const n = ranking.length;
  const j = maskZeros(n, keep);
  const mask = maskOut(out, n, 'topKMaskOfRanking');
  scatterConstant(ranking, 0, j, 0, mask);
  scatterConstant(ranking, j, n, 1, mask);
  return mask;
}
