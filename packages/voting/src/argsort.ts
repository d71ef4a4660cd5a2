/**
 * Stable argsort of typed arrays by LSD radix sort on order-preserving unsigned keys.
 *
 * Float32: with u the IEEE-754 bit pattern, key = ~u for negatives (sign bit set) and
 * u | 0x80000000 otherwise; every NaN gets key 0xffffffff. Keys compare like the floats, with
 * -0 < +0 and NaN after +Infinity. Three passes of 11/11/10 bits, lowest digit first; a pass whose
 * digit is the same for every key is skipped. LSD radix sort is stable: ties keep index order.
 *
 * Float64: if every value is an integer in [0, 2^32) (e.g. Borda sums), the value itself is the
 * key and the digits are sized to its bit length (26 bits: 3 passes of 9 bits). Otherwise the
 * 64-bit order-preserving key is sorted by its low word, then stably by its high word.
 *
 * Between passes (key, index) pairs are stored interleaved, so each bucket is one write stream.
 * Scratch buffers are module-level and grown on demand (`releaseArgsortScratch` frees them); the
 * result never aliases them.
 */
import { loadNative, NATIVE_MIN_LENGTH } from '@fedrank/native';

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
const native = loadNative();

/** Interleaved (key, index) pair buffers, 2 words per element. */
let pairsA: Uint32Array = new Uint32Array(0);
let pairsB: Uint32Array = new Uint32Array(0);
/** Per-element word buffers for the float64 paths. */
let wordsA: Uint32Array = new Uint32Array(0);
let wordsB: Uint32Array = new Uint32Array(0);
let wordsC: Uint32Array = new Uint32Array(0);

function grow(buf: Uint32Array, n: number): Uint32Array {
  if (buf.length >= n) return buf;
  // Some headroom, so that slowly growing sizes do not reallocate on every call.
  return new Uint32Array(Math.max(n, Math.min(buf.length * 2, n + (n >>> 2))));
}

/** Drops the cached scratch buffers (they are re-created by the next call). */
export function releaseArgsortScratch(): void {
  pairsA = new Uint32Array(0);
  pairsB = new Uint32Array(0);
  wordsA = new Uint32Array(0);
  wordsB = new Uint32Array(0);
  wordsC = new Uint32Array(0);
}

function checkOut(out: Uint32Array | undefined, n: number, name: string): Uint32Array {
  if (out === undefined) return new Uint32Array(n);
  if (out.length !== n) {
    throw new RangeError(`${name}: out has length ${out.length}, expected ${n}`);
  }
  return out;
}

/** One radix pass: digit = (key >>> shift) & mask; off holds the running bucket offsets. */
interface Pass {
  readonly shift: number;
  readonly mask: number;
  readonly off: Uint32Array;
}

const BUCKETS = 2048;

/** Digit widths (lowest first) for keys of `bits` significant bits, at most 11 bits each. */
function digitWidths(bits: number): number[] {
  const widths: number[] = [];
  if (bits <= 0) return widths;
  const passes = Math.ceil(bits / 11);
  const width = Math.ceil(bits / passes);
  for (let left = bits; left > 0; left -= width) widths.push(Math.min(width, left));
  return widths;
}

/**
 * Digit histograms, digit p at offset p * BUCKETS; reused by every call. A module-level constant
 * array is markedly faster to increment in V8 than one passed in or allocated per call.
 */
const HIST = new Uint32Array(3 * BUCKETS);

/** Histograms of every digit of keys[0..n) into HIST. */
function histograms(keys: Uint32Array, n: number, widths: readonly number[]): Uint32Array {
  HIST.fill(0);
  let shift = 0;
  for (let p = 0; p < widths.length; p++) {
    digitHistogram(keys, n, p * BUCKETS, shift, (1 << widths[p]) - 1);
    shift += widths[p];
  }
  return HIST;
}

function digitHistogram(keys: Uint32Array, n: number, base: number, shift: number, mask: number): void {
  for (let i = 0; i < n; i++) HIST[base + ((keys[i] >>> shift) & mask)]++;
}

/** The passes whose digit is not constant, with histograms turned into exclusive offsets. */
function planPasses(hist: Uint32Array, n: number, widths: readonly number[]): Pass[] {
  const passes: Pass[] = [];
  let shift = 0;
  for (let p = 0; p < widths.length; p++) {
    const size = 1 << widths[p];
    const off = hist.subarray(p * BUCKETS, p * BUCKETS + size);
    let d = 0;
    while (off[d] === 0) d++;
    if (off[d] !== n) {
      let sum = 0;
      for (d = 0; d < size; d++) {
        const c = off[d];
        off[d] = sum;
        sum += c;
      }
      passes.push({ shift, mask: size - 1, off });
    }
    shift += widths[p];
  }
  return passes;
}

/** A middle pass: (key, index) pairs from `src` to `dst`. */
function pairsPass(src: Uint32Array, dst: Uint32Array, n: number, pass: Pass): void {
  const { shift, mask, off } = pass;
  const m = 2 * n;
  for (let i = 0; i < m; i += 2) {
    const k = src[i];
    const q = 2 * off[(k >>> shift) & mask]++;
    dst[q] = k;
    dst[q + 1] = src[i + 1];
  }
}

/** The last pass: indices of the pairs in `src` to `out`. */
function pairsLastPass(src: Uint32Array, n: number, pass: Pass, out: Uint32Array): void {
  const { shift, mask, off } = pass;
  const m = 2 * n;
  for (let i = 0; i < m; i += 2) out[off[(src[i] >>> shift) & mask]++] = src[i + 1];
}

/**
 * Runs passes[1..] on the interleaved pairs in `src` (already scattered by passes[0]) and writes
 * the final indices to `out`.
 */
function finishPairs(src: Uint32Array, n: number, passes: readonly Pass[], out: Uint32Array): void {
  let a = src;
  let b = a === pairsA ? pairsB : pairsA;
  for (let t = 1; t < passes.length - 1; t++) {
    pairsPass(a, b, n, passes[t]);
    const tmp = a;
    a = b;
    b = tmp;
  }
  pairsLastPass(a, n, passes[passes.length - 1], out);
}

/** Single pass over stored keys: indices (idx[i], or i if null) straight to `out`. */
function keysSinglePass(keys: Uint32Array, idx: Uint32Array | null, n: number, pass: Pass, out: Uint32Array): void {
  const { shift, mask, off } = pass;
  if (idx === null) for (let i = 0; i < n; i++) out[off[(keys[i] >>> shift) & mask]++] = i;
  else for (let i = 0; i < n; i++) out[off[(keys[i] >>> shift) & mask]++] = idx[i];
}

/** First of several passes over stored keys: (key, index) pairs into `dst`. */
function keysFirstPass(keys: Uint32Array, idx: Uint32Array | null, n: number, pass: Pass, dst: Uint32Array): void {
  const { shift, mask, off } = pass;
  if (idx === null) {
    for (let i = 0; i < n; i++) {
      const k = keys[i];
      const q = 2 * off[(k >>> shift) & mask]++;
      dst[q] = k;
      dst[q + 1] = i;
    }
  } else {
    for (let i = 0; i < n; i++) {
      const k = keys[i];
      const q = 2 * off[(k >>> shift) & mask]++;
      dst[q] = k;
      dst[q + 1] = idx[i];
    }
  }
}

/** Stable sort of indices by keys[0..n) (with idx[i] the index of keys[i], or i if null). */
function sortKeys(keys: Uint32Array, idx: Uint32Array | null, n: number, widths: readonly number[], out: Uint32Array): void {
  const passes = planPasses(histograms(keys, n, widths), n, widths);
  if (passes.length === 0) {
    if (idx === null) identity(out, n);
    else out.set(idx.subarray(0, n));
  } else if (passes.length === 1) {
    keysSinglePass(keys, idx, n, passes[0], out);
  } else {
    pairsA = grow(pairsA, 2 * n);
    pairsB = grow(pairsB, 2 * n);
    keysFirstPass(keys, idx, n, passes[0], pairsA);
    finishPairs(pairsA, n, passes, out);
  }
}

function identity(out: Uint32Array, n: number): void {
  for (let i = 0; i < n; i++) out[i] = i;
}

const FLOAT32_WIDTHS: readonly number[] = [11, 11, 10];

// Each hot loop sits in its own small function: V8 then optimizes it as a whole, instead of
// on-stack-replacing one loop of a long function and deoptimizing at the code that follows.

/** Histograms of the 3 digits of the float32 keys (recomputed from the bits, not stored). */
function float32Histograms(bits: Uint32Array, n: number): Uint32Array {
  HIST.fill(0);
  for (let i = 0; i < n; i++) {
    const u = bits[i];
    // Negative: flip all bits; non-negative: set the sign bit. NaN (any payload) sorts last.
    const k = (u & 0x7fffffff) > 0x7f800000 ? 0xffffffff : (u ^ ((u >> 31) | 0x80000000)) >>> 0;
    HIST[k & 0x7ff]++;
    HIST[BUCKETS + ((k >>> 11) & 0x7ff)]++;
    HIST[2 * BUCKETS + (k >>> 22)]++;
  }
  return HIST;
}

/** The only pass: scatter indices straight to `out`. */
function float32SinglePass(bits: Uint32Array, n: number, pass: Pass, out: Uint32Array): void {
  const { shift, mask, off } = pass;
  for (let i = 0; i < n; i++) {
    const u = bits[i];
    const k = (u & 0x7fffffff) > 0x7f800000 ? 0xffffffff : (u ^ ((u >> 31) | 0x80000000)) >>> 0;
    out[off[(k >>> shift) & mask]++] = i;
  }
}

/** First of several passes: scatter (key, index) pairs into `dst`. */
function float32FirstPass(bits: Uint32Array, n: number, pass: Pass, dst: Uint32Array): void {
  const { shift, mask, off } = pass;
  for (let i = 0; i < n; i++) {
    const u = bits[i];
    const k = (u & 0x7fffffff) > 0x7f800000 ? 0xffffffff : (u ^ ((u >> 31) | 0x80000000)) >>> 0;
    const q = 2 * off[(k >>> shift) & mask]++;
    dst[q] = k;
    dst[q + 1] = i;
  }
}

/**
 * Indices of `values` sorted by ascending value, stable (ties in index order); -0 before +0, NaN
 * after +Infinity. Writes into `out` (length n) if given. Large inputs go to the native addon's
 * radix sort where it is built (the same permutation, about 4x faster); `useNative` false keeps
 * this JavaScript one (tests compare both).
 */
export function argsortFloat32(values: Float32Array, out?: Uint32Array, useNative = true): Uint32Array {
  const n = values.length;
  const res = checkOut(out, n, 'argsortFloat32');
  if (n === 0) return res;
  if (useNative && n >= NATIVE_MIN_LENGTH && native.available) {
    native.kernels.argsortFloat32(values, res);
    return res;
  }
  const bits = new Uint32Array(values.buffer, values.byteOffset, n);
  const passes = planPasses(float32Histograms(bits, n), n, FLOAT32_WIDTHS);
  if (passes.length === 0) identity(res, n);
  else if (passes.length === 1) float32SinglePass(bits, n, passes[0], res);
  else {
    pairsA = grow(pairsA, 2 * n);
    pairsB = grow(pairsB, 2 * n);
    float32FirstPass(bits, n, passes[0], pairsA);
    finishPairs(pairsA, n, passes, res);
  }
  return res;
}

/**
 * keys[i] = values[i] if every value is an integer in [0, 2^32) (-0 counts as 0): returns the OR
 * of all keys, or -1 as soon as a value does not qualify.
 */
function uint32Keys(values: Float64Array, keys: Uint32Array): number {
  const n = values.length;
  let or = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    const k = v >>> 0;
    if (k !== v) return -1;
    keys[i] = k;
    or |= k;
  }
  return or >>> 0;
}

/** Order-preserving 64-bit keys of the doubles in `words`, split into low and high words. */
function float64Keys(words: Uint32Array, n: number, lo: Uint32Array, hi: Uint32Array): void {
  const loOff = LITTLE_ENDIAN ? 0 : 1;
  const hiOff = 1 - loOff;
  for (let j = 0; j < n; j++) {
    const h = words[2 * j + hiOff];
    const l = words[2 * j + loOff];
    const mag = h & 0x7fffffff;
    if (mag > 0x7ff00000 || (mag === 0x7ff00000 && l !== 0)) {
      hi[j] = 0xffffffff; // NaN, any sign or payload
      lo[j] = 0xffffffff;
    } else if (h >>> 31) {
      hi[j] = ~h >>> 0;
      lo[j] = ~l >>> 0;
    } else {
      hi[j] = (h | 0x80000000) >>> 0;
      lo[j] = l;
    }
  }
}

function gather(dst: Uint32Array, src: Uint32Array, idx: Uint32Array, n: number): void {
  for (let j = 0; j < n; j++) dst[j] = src[idx[j]];
}

/**
 * Indices of `values` sorted by ascending value, stable (ties in index order); -0 may precede
 * +0, NaN after +Infinity. Fast path when every value is an integer in [0, 2^32).
 */
export function argsortFloat64(values: Float64Array, out?: Uint32Array): Uint32Array {
  const n = values.length;
  const res = checkOut(out, n, 'argsortFloat64');
  if (n === 0) return res;
  wordsA = grow(wordsA, n);
  const keys = wordsA;
  const or = uint32Keys(values, keys);
  if (or >= 0) {
    sortKeys(keys, null, n, digitWidths(32 - Math.clz32(or)), res);
    return res;
  }
  // General path: order-preserving 64-bit keys, sorted by the low word then by the high word.
  wordsB = grow(wordsB, n);
  wordsC = grow(wordsC, n);
  const hi = wordsB;
  const mid = wordsC;
  float64Keys(new Uint32Array(values.buffer, values.byteOffset, 2 * n), n, keys, hi);
  sortKeys(keys, null, n, FLOAT32_WIDTHS, mid);
  gather(keys, hi, mid, n);
  sortKeys(keys, mid, n, FLOAT32_WIDTHS, res);
  return res;
}
