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

let candScratch: Uint32Array = new Uint32Array(0);

const F32 = new Float32Array(1);
const U32 = new Uint32Array(F32.buffer);

/** Key of a signed float32 bit pattern (NaN -> 0xffffffff). */
function signedKey(u: number): number {
  return (u & 0x7fffffff) > 0x7f800000 ? 0xffffffff : (u ^ ((u >> 31) | 0x80000000)) >>> 0;
}

/** The float32 value whose signed key is `key` (NaN for the NaN key). */
function valueOfSignedKey(key: number): number {
  if (key === 0xffffffff) return NaN;
  U32[0] = key >= 0x80000000 ? key ^ 0x80000000 : ~key >>> 0;
  return F32[0];
}

/** Result of a selection: the key of rank k and how many keys are strictly smaller. */
interface Selected {
  key: number;
  less: number;
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

/**
 * Rank-k selection given the candidates of the top bucket: `cand[0..m)` are the keys whose top 11
 * bits equal `top`; `k` is the rank within them, `less` the keys below the bucket.
 */
function finishSelect(cand: Uint32Array, m: number, top: number, k: number, less: number): Selected {
  const hist2 = new Uint32Array(2048);
  for (let i = 0; i < m; i++) hist2[(cand[i] >>> 10) & 0x7ff]++;
  const b2 = findBucket(hist2, k);
  const hist3 = new Uint32Array(1024);
  for (let i = 0; i < m; i++) {
    const c = cand[i];
    if (((c >>> 10) & 0x7ff) === b2.d) hist3[c & 0x3ff]++;
  }
  const b3 = findBucket(hist3, k - b2.before);
  return {
    key: ((top << 21) | (b2.d << 10) | b3.d) >>> 0,
    less: less + b2.before + b3.before,
  };
}

function candidates(m: number, scratch?: Float32Array): Uint32Array {
  if (scratch !== undefined && scratch.length >= m) {
    return new Uint32Array(scratch.buffer, scratch.byteOffset, m);
  }
  if (candScratch.length < m) candScratch = new Uint32Array(m);
  return candScratch;
}

/** Rank-k key among the signed keys of `bits` (0 <= k < n). */
function selectSigned(bits: Uint32Array, k: number, scratch?: Float32Array): Selected {
  const n = bits.length;
  const hist = new Uint32Array(2048);
  for (let i = 0; i < n; i++) hist[signedKey(bits[i]) >>> 21]++;
  const { d: top, before } = findBucket(hist, k);
  const m = hist[top];
  const cand = candidates(m, scratch);
  let c = 0;
  for (let i = 0; i < n; i++) {
    const key = signedKey(bits[i]);
    if (key >>> 21 === top) cand[c++] = key;
  }
  return finishSelect(cand, m, top, k - before, before);
}

/** Rank-k key among the |value| keys of `bits` (u & 0x7fffffff, NaN -> 0x7fffffff). */
function selectAbs(bits: Uint32Array, k: number): Selected {
  const n = bits.length;
  const hist = new Uint32Array(2048);
  for (let i = 0; i < n; i++) {
    const a = bits[i] & 0x7fffffff;
    hist[(a > 0x7f800000 ? 0x7fffffff : a) >>> 21]++;
  }
  const { d: top, before } = findBucket(hist, k);
  const m = hist[top];
  const cand = candidates(m);
  let c = 0;
  for (let i = 0; i < n; i++) {
    let a = bits[i] & 0x7fffffff;
    if (a > 0x7f800000) a = 0x7fffffff;
    if (a >>> 21 === top) cand[c++] = a;
  }
  return finishSelect(cand, m, top, k - before, before);
}

/**
 * The k-th smallest value (0-based) of `values`, i.e. values[argsortFloat32(values)[k]], without
 * modifying `values`. `scratch` (length >= n) is used for the candidate copy if given.
 */
export function kthSmallest(values: Float32Array, k: number, scratch?: Float32Array): number {
  const n = values.length;
  if (!Number.isInteger(k) || k < 0 || k >= n) {
    throw new RangeError(`kthSmallest: k=${k} out of range [0,${n})`);
  }
  const bits = new Uint32Array(values.buffer, values.byteOffset, n);
  return valueOfSignedKey(selectSigned(bits, k, scratch).key);
}

/** j = floor((1 - keep) * n): the number of zeros of the mask (the reference's expression). */
export function maskZeros(n: number, keep: number): number {
  if (!(keep >= 0 && keep <= 1)) throw new RangeError(`keep=${keep} must be in [0,1]`);
  return Math.floor((1 - keep) * n);
}

type MaskArray = Uint8Array | Float32Array;

function maskOut<T extends MaskArray>(out: T | undefined, n: number, name: string): T | Uint8Array {
  if (out === undefined) return new Uint8Array(n);
  if (out.length !== n) throw new RangeError(`${name}: out has length ${out.length}, expected ${n}`);
  return out;
}

/**
 * Edge-popup mask: 0 for the j = floor((1 - keep) * n) edges with the smallest |score| (ties:
 * lower index first), 1 for the other n - j. Returns `out` (Uint8Array or Float32Array) or a new
 * Uint8Array.
 */
export function topKMaskOfAbs(scores: Float32Array, keep: number): Uint8Array;
export function topKMaskOfAbs<T extends MaskArray>(scores: Float32Array, keep: number, out: T): T;
export function topKMaskOfAbs(scores: Float32Array, keep: number, out?: MaskArray): MaskArray {
  const n = scores.length;
  const j = maskZeros(n, keep);
  const mask = maskOut(out, n, 'topKMaskOfAbs');
  if (j === 0) {
    mask.fill(1);
    return mask;
  }
  if (j === n) {
    mask.fill(0);
    return mask;
  }
  const bits = new Uint32Array(scores.buffer, scores.byteOffset, n);
  // t = the largest |score| key that gets a 0; `needEq` of the keys equal to t get a 0.
  const { key: t, less } = selectAbs(bits, j - 1);
  let needEq = j - less;
  for (let i = 0; i < n; i++) {
    let a = bits[i] & 0x7fffffff;
    if (a > 0x7f800000) a = 0x7fffffff;
    if (a === t) {
      if (needEq > 0) {
        mask[i] = 0;
        needEq--;
      } else {
        mask[i] = 1;
      }
    } else {
      mask[i] = a > t ? 1 : 0;
    }
  }
  return mask;
}

/**
 * The "top-rank" mask: with `ranking` the edge ids in ascending order, the edges ranking[j..n)
 * get 1 and ranking[0..j) get 0, j = floor((1 - keep) * n). `ranking` must be a permutation.
 */
export function topKMaskOfRanking(ranking: Uint32Array, keep: number): Uint8Array;
export function topKMaskOfRanking<T extends MaskArray>(ranking: Uint32Array, keep: number, out: T): T;
export function topKMaskOfRanking(ranking: Uint32Array, keep: number, out?: MaskArray): MaskArray {
  const n = ranking.length;
  const j = maskZeros(n, keep);
  const mask = maskOut(out, n, 'topKMaskOfRanking');
  for (let i = 0; i < j; i++) mask[ranking[i]] = 0;
  for (let i = j; i < n; i++) mask[ranking[i]] = 1;
  return mask;
}
