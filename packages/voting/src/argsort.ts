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

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

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

/** Histograms of every digit of keys[0..n), digit p at offset p * BUCKETS. */
function histograms(keys: Uint32Array, n: number, widths: readonly number[]): Uint32Array {
  const hist = new Uint32Array(widths.length * BUCKETS);
  let shift = 0;
  for (let p = 0; p < widths.length; p++) {
    const mask = (1 << widths[p]) - 1;
    const h = hist.subarray(p * BUCKETS, (p + 1) * BUCKETS);
    for (let i = 0; i < n; i++) h[(keys[i] >>> shift) & mask]++;
    shift += widths[p];
  }
  return hist;
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

/**
 * Runs passes[1..] on the interleaved pairs in `src` (already scattered by passes[0]) and writes
 * the final indices to `out`.
 */
function finishPairs(src: Uint32Array, n: number, passes: readonly Pass[], out: Uint32Array): void {
  let a = src;
  let b = a === pairsA ? pairsB : pairsA;
  const m = 2 * n;
  for (let t = 1; t < passes.length - 1; t++) {
    const { shift, mask, off } = passes[t];
    for (let i = 0; i < m; i += 2) {
      const k = a[i];
      const q = 2 * off[(k >>> shift) & mask]++;
      b[q] = k;
      b[q + 1] = a[i + 1];
    }
    const tmp = a;
    a = b;
    b = tmp;
  }
  const { shift, mask, off } = passes[passes.length - 1];
  for (let i = 0; i < m; i += 2) out[off[(a[i] >>> shift) & mask]++] = a[i + 1];
}

/** Stable sort of indices by keys[0..n) (with idx[i] the index of keys[i], or i if null). */
function sortKeys(
  keys: Uint32Array,
  idx: Uint32Array | null,
  n: number,
  widths: readonly number[],
  out: Uint32Array,
): void {
  const passes = planPasses(histograms(keys, n, widths), n, widths);
  if (passes.length === 0) {
    if (idx === null) for (let i = 0; i < n; i++) out[i] = i;
    else out.set(idx.subarray(0, n));
    return;
  }
  const { shift, mask, off } = passes[0];
  if (passes.length === 1) {
    if (idx === null) for (let i = 0; i < n; i++) out[off[(keys[i] >>> shift) & mask]++] = i;
    else for (let i = 0; i < n; i++) out[off[(keys[i] >>> shift) & mask]++] = idx[i];
    return;
  }
  pairsA = grow(pairsA, 2 * n);
  pairsB = grow(pairsB, 2 * n);
  const a = pairsA;
  for (let i = 0; i < n; i++) {
    const k = keys[i];
    const q = 2 * off[(k >>> shift) & mask]++;
    a[q] = k;
    a[q + 1] = idx === null ? i : idx[i];
  }
  finishPairs(a, n, passes, out);
}

const FLOAT32_WIDTHS: readonly number[] = [11, 11, 10];

/**
 * Indices of `values` sorted by ascending value, stable (ties in index order); -0 before +0, NaN
 * after +Infinity. Writes into `out` (length n) if given.
 */
export function argsortFloat32(values: Float32Array, out?: Uint32Array): Uint32Array {
  const n = values.length;
  const res = checkOut(out, n, 'argsortFloat32');
  if (n === 0) return res;
  const bits = new Uint32Array(values.buffer, values.byteOffset, n);
  // Keys are recomputed from the bits in the first pass rather than stored.
  const hist = new Uint32Array(3 * BUCKETS);
  const h1 = hist.subarray(BUCKETS, 2 * BUCKETS);
  const h2 = hist.subarray(2 * BUCKETS, 3 * BUCKETS);
  for (let i = 0; i < n; i++) {
    const u = bits[i];
    const k = (u & 0x7fffffff) > 0x7f800000 ? 0xffffffff : (u ^ ((u >> 31) | 0x80000000)) >>> 0;
    hist[k & 0x7ff]++;
    h1[(k >>> 11) & 0x7ff]++;
    h2[k >>> 22]++;
  }
  const passes = planPasses(hist, n, FLOAT32_WIDTHS);
  if (passes.length === 0) {
    for (let i = 0; i < n; i++) res[i] = i;
    return res;
  }
  const { shift, mask, off } = passes[0];
  if (passes.length === 1) {
    for (let i = 0; i < n; i++) {
      const u = bits[i];
      const k = (u & 0x7fffffff) > 0x7f800000 ? 0xffffffff : (u ^ ((u >> 31) | 0x80000000)) >>> 0;
      res[off[(k >>> shift) & mask]++] = i;
    }
    return res;
  }
  pairsA = grow(pairsA, 2 * n);
  pairsB = grow(pairsB, 2 * n);
  const a = pairsA;
  for (let i = 0; i < n; i++) {
    const u = bits[i];
    const k = (u & 0x7fffffff) > 0x7f800000 ? 0xffffffff : (u ^ ((u >> 31) | 0x80000000)) >>> 0;
    const q = 2 * off[(k >>> shift) & mask]++;
    a[q] = k;
    a[q + 1] = i;
  }
  finishPairs(a, n, passes, res);
  return res;
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
  // Fast path: all values are integers in [0, 2^32) (-0 counts as 0).
  let or = 0;
  let i = 0;
  for (; i < n; i++) {
    const v = values[i];
    const k = v >>> 0;
    if (k !== v) break;
    keys[i] = k;
    or |= k;
  }
  if (i === n) {
    sortKeys(keys, null, n, digitWidths(32 - Math.clz32(or)), res);
    return res;
  }
  // General path: order-preserving 64-bit keys, sorted by the low word then by the high word.
  const words = new Uint32Array(values.buffer, values.byteOffset, 2 * n);
  const loOff = LITTLE_ENDIAN ? 0 : 1;
  const hiOff = 1 - loOff;
  wordsB = grow(wordsB, n);
  wordsC = grow(wordsC, n);
  const hi = wordsB;
  for (let j = 0; j < n; j++) {
    const h = words[2 * j + hiOff];
    const l = words[2 * j + loOff];
    const mag = h & 0x7fffffff;
    if (mag > 0x7ff00000 || (mag === 0x7ff00000 && l !== 0)) {
      hi[j] = 0xffffffff;
      keys[j] = 0xffffffff;
    } else if (h >>> 31) {
      hi[j] = ~h >>> 0;
      keys[j] = ~l >>> 0;
    } else {
      hi[j] = (h | 0x80000000) >>> 0;
      keys[j] = l;
    }
  }
  const mid = wordsC;
  sortKeys(keys, null, n, FLOAT32_WIDTHS, mid);
  for (let j = 0; j < n; j++) keys[j] = hi[mid[j]];
  sortKeys(keys, mid, n, FLOAT32_WIDTHS, res);
  return res;
}
