/**
 * The keep mask from a band of keys around the previous threshold, in JavaScript (the native
 * version is packages/native/native/mask_band.cc; both give the same masks and steps).
 *
 * One pass over a layer (optionally the pass that applies the rule's straight-through SGD step,
 * with the arithmetic of sgd.ts) keys every score (mask-keys.ts: abs key for 'reference',
 * float-order key for 'top-rank'), counts the keys below the band [lo, hi], writes
 * out = w * mask for the keys outside it (above: kept, below: pruned), and gathers the band's
 * (key, index) pairs in index order. When the band holds the key of rank j - 1 (j pruned
 * edges), the band's edges are set as a full selection sets them: above the threshold key t
 * kept, below pruned, and of the keys equal to t the first j - (keys below t) in index order
 * pruned. Output values as mask-rule.ts: 'reference' out = (kept ? 1 : 0) * w, 'top-rank'
 * out = kept ? w : +0.
 */

/** A layer's band pass: inputs lo <= hi (keys; for abs keys at most 0x7f800000), gather buffers; outputs the counts. */
export interface Band {
  lo: number;
  hi: number;
  candKeys: Uint32Array;
  candIdx: Uint32Array;
  /** Keys in the band (may exceed candKeys.length: then the band overflowed). */
  inBand: number;
  below: number;
  /** NaN scores (counted under 'top-rank' only). */
  nan: number;
}

export interface SgdTerms {
  grads: Float32Array;
  buffer: Float32Array;
  lr: number;
  momentum: number;
  weightDecay: number;
}

const TWO_TO_MINUS_32 = 2 ** -32;

// One small function per loop so that V8 optimizes each whole.

function passAbs(p: Float32Array, w: Float32Array, out: Float32Array, band: Band): void {
  const bits = new Uint32Array(p.buffer, p.byteOffset, p.length);
  const { lo, hi, candKeys, candIdx } = band;
  const width = hi - lo;
  const cap = candKeys.length;
  let below = 0;
  let inBand = 0;
  for (let i = 0; i < p.length; i++) {
    const a = bits[i] & 0x7fffffff;
    const k = a > 0x7f800000 ? 0x7fffffff : a;
    // Abs keys and the band's ends are below 2^31: the sign bit of a difference is a comparison
    // without a branch (these comparisons come out at random, half one way, half the other).
    below += (k - lo) >>> 31;
    out[i] = ((hi - k) >>> 31) * w[i];
    if ((k - lo) >>> 0 <= width) {
      if (inBand < cap) {
        candKeys[inBand] = k;
        candIdx[inBand] = i;
      }
      inBand++;
    }
  }
  band.below = below;
  band.inBand = inBand;
  band.nan = 0;
}

function passSigned(p: Float32Array, w: Float32Array, out: Float32Array, band: Band): void {
  const bits = new Uint32Array(p.buffer, p.byteOffset, p.length);
  // out = w or +0, as bits.
  const wBits = new Uint32Array(w.buffer, w.byteOffset, w.length);
  const outBits = new Uint32Array(out.buffer, out.byteOffset, out.length);
  const { lo, hi, candKeys, candIdx } = band;
  const width = hi - lo;
  const cap = candKeys.length;
  let below = 0;
  let inBand = 0;
  let nan = 0;
  for (let i = 0; i < p.length; i++) {
    const u = bits[i];
    const k = u === 0x80000000 ? 0x80000000 : (u & 0x7fffffff) > 0x7f800000 ? 0xffffffff : (u ^ ((u >> 31) | 0x80000000)) >>> 0;
    nan += k === 0xffffffff ? 1 : 0;
    // Comparisons of keys up to 2^32 without a branch: floor(d / 2^32) is -1 for d < 0, else 0.
    below += Math.floor((k - lo) * TWO_TO_MINUS_32) & 1;
    outBits[i] = wBits[i] & -(Math.floor((hi - k) * TWO_TO_MINUS_32) & 1);
    if ((k - lo) >>> 0 <= width) {
      if (inBand < cap) {
        candKeys[inBand] = k;
        candIdx[inBand] = i;
      }
      inBand++;
    }
  }
  band.below = below;
  band.inBand = inBand;
  band.nan = nan;
}

function sgdPassAbs(p: Float32Array, w: Float32Array, out: Float32Array, band: Band, sgd: SgdTerms): void {
  const bits = new Uint32Array(p.buffer, p.byteOffset, p.length);
  const { lo, hi, candKeys, candIdx } = band;
  const width = hi - lo;
  const { grads: g, buffer: b, lr, momentum: m, weightDecay: wd } = sgd;
  const cap = candKeys.length;
  let below = 0;
  let inBand = 0;
  for (let i = 0; i < p.length; i++) {
    // The SGD step of sgd.ts's stepAbs.
    const s = p[i];
    const st = s === 0 ? 0 : g[i] * w[i] * (1 - 2 * (bits[i] >>> 31));
    const v = m * b[i] + st + wd * s;
    b[i] = v;
    p[i] = s - lr * v;
    const a = bits[i] & 0x7fffffff;
    const k = a > 0x7f800000 ? 0x7fffffff : a;
    // Abs keys and the band's ends are below 2^31: the sign bit of a difference is a comparison
    // without a branch (these comparisons come out at random, half one way, half the other).
    below += (k - lo) >>> 31;
    out[i] = ((hi - k) >>> 31) * w[i];
    if ((k - lo) >>> 0 <= width) {
      if (inBand < cap) {
        candKeys[inBand] = k;
        candIdx[inBand] = i;
      }
      inBand++;
    }
  }
  band.below = below;
  band.inBand = inBand;
  band.nan = 0;
}

function sgdPassSigned(p: Float32Array, w: Float32Array, out: Float32Array, band: Band, sgd: SgdTerms): void {
  const bits = new Uint32Array(p.buffer, p.byteOffset, p.length);
  // out = w or +0, as bits.
  const wBits = new Uint32Array(w.buffer, w.byteOffset, w.length);
  const outBits = new Uint32Array(out.buffer, out.byteOffset, out.length);
  const { lo, hi, candKeys, candIdx } = band;
  const width = hi - lo;
  const { grads: g, buffer: b, lr, momentum: m, weightDecay: wd } = sgd;
  const cap = candKeys.length;
  let below = 0;
  let inBand = 0;
  let nan = 0;
  for (let i = 0; i < p.length; i++) {
    // The SGD step of sgd.ts's stepSigned.
    const s = p[i];
    const v = m * b[i] + g[i] * w[i] + wd * s;
    b[i] = v;
    p[i] = s - lr * v;
    const u = bits[i];
    const k = u === 0x80000000 ? 0x80000000 : (u & 0x7fffffff) > 0x7f800000 ? 0xffffffff : (u ^ ((u >> 31) | 0x80000000)) >>> 0;
    nan += k === 0xffffffff ? 1 : 0;
    // Comparisons of keys up to 2^32 without a branch: floor(d / 2^32) is -1 for d < 0, else 0.
    below += Math.floor((k - lo) * TWO_TO_MINUS_32) & 1;
    outBits[i] = wBits[i] & -(Math.floor((hi - k) * TWO_TO_MINUS_32) & 1);
    if ((k - lo) >>> 0 <= width) {
      if (inBand < cap) {
        candKeys[inBand] = k;
        candIdx[inBand] = i;
      }
      inBand++;
    }
  }
  band.below = below;
  band.inBand = inBand;
  band.nan = nan;
}

/**
 * One band pass over `scores` (after the SGD step when `sgd` is given); fills band's counts.
 * `abs`: the 'reference' rule (and its |score| straight-through step), else 'top-rank'.
 */
export function bandPass(abs: boolean, scores: Float32Array, weights: Float32Array, out: Float32Array, band: Band, sgd?: SgdTerms): void {
  if (sgd) {
    if (abs) sgdPassAbs(scores, weights, out, band, sgd);
    else sgdPassSigned(scores, weights, out, band, sgd);
  } else if (abs) passAbs(scores, weights, out, band);
  else passSigned(scores, weights, out, band);
}

let scratch = new Uint32Array(0);

/**
 * After bandPass: the threshold key, with the band's edges of `out` set, or -1 when the band
 * does not hold rank j - 1 or overflowed, -2 for a NaN score under 'top-rank'.
 */
export function finishBand(abs: boolean, weights: Float32Array, j: number, out: Float32Array, band: Band): number {
  if (!abs && band.nan > 0) return -2;
  const { below, inBand: m, candKeys, candIdx } = band;
  const k = j - 1;
  if (m > candKeys.length || below > k || below + m <= k) return -1;
  if (scratch.length < m) scratch = new Uint32Array(candKeys.length);
  const sorted = scratch.subarray(0, m);
  sorted.set(candKeys.subarray(0, m));
  sorted.sort();
  const t = sorted[k - below];
  let less = below;
  for (let q = 0; q < m; q++) less += candKeys[q] < t ? 1 : 0;
  let need = j - less; // ties at t that stay pruned, the first in index order
  for (let q = 0; q < m; q++) {
    const key = candKeys[q];
    let kept = key > t;
    if (key === t) {
      if (need > 0) need--;
      else kept = true;
    }
    const i = candIdx[q];
    out[i] = abs ? (kept ? 1 : 0) * weights[i] : kept ? weights[i] : 0;
  }
  return t;
}
