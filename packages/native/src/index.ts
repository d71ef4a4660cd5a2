/**
 * Loader of fedrank's optional native addon (native/*.cc): typed-array kernels
 * of the supermask step, the receive path, the distance-based rules and the attacks, each giving
 * its JavaScript version's result bit for bit, and, when built against oneDNN, convolutions and
 * dense products. It is built at install time when g++
 * (and, for the convolutions, Debian's libdnnl-dev) are present; `loadNative` says why it is
 * unavailable otherwise, and callers use their portable kernels. FEDRANK_NATIVE=0 in the
 * environment disables it at run time.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/** 0: forward (x, filter -> y); 1: input gradient (dy, filter -> dx); 2: filter gradient (x, dy -> dfilter). */
export type ConvKind = 0 | 1 | 2;

/**
 * The 15 integers of a convolution's geometry, in this order: batch, inHeight, inWidth,
 * inChannels, outChannels, filterHeight, filterWidth, outHeight, outWidth, strideHeight,
 * strideWidth, padTop, padBottom, padLeft, padRight. Tensors are NHWC, filters HWIO.
 */
export type ConvGeometry = Int32Array;

/** 0: dense (d = g + wd p); 1: |score| mask (d = g w sign(s) + wd s); 2: signed mask (d = g w + wd s). */
export type SgdMode = 0 | 1 | 2;

export interface NativeKernels {
  /** In place: buf = momentum * buf + d; params -= lr * buf (see SgdMode for d). */
  sgdStep(
    mode: SgdMode,
    params: Float32Array,
    grads: Float32Array,
    weights: Float32Array | null,
    buffer: Float32Array,
    lr: number,
    momentum: number,
    weightDecay: number,
  ): void;
  /**
   * out = weights * keep mask with `pruned` edges pruned (rule 0: by |score|, 1: by signed score); returns the kept count.
   * `threshold[0]` receives the key of the largest pruned score (rule 0: of |score|, rule 1: of the score with -0 = +0).
   */
  maskedWeights(
    rule: 0 | 1,
    scores: Float32Array,
    weights: Float32Array,
    pruned: number,
    out: Float32Array,
    threshold?: Float64Array,
  ): number;
  /**
   * The keep mask from a band of keys [io[0], io[1]] around the previous threshold (see mask_band.cc): out = weights * mask
   * when the band holds the threshold; io[2] = keys in the band, io[3] = keys below it, io[4] = the threshold key, or -1
   * (band missed or overflowed candKeys), or -2 (a NaN score under rule 1).
   */
  maskBand(
    rule: 0 | 1,
    scores: Float32Array,
    weights: Float32Array,
    pruned: number,
    out: Float32Array,
    candKeys: Uint32Array,
    candIdx: Uint32Array,
    io: Float64Array,
  ): void;
  /** The rule's straight-through SGD step (sgdStep mode 1 for rule 0, 2 for rule 1) and maskBand of the new scores, in one pass. */
  sgdStepMaskBand(
    rule: 0 | 1,
    params: Float32Array,
    weights: Float32Array,
    pruned: number,
    out: Float32Array,
    candKeys: Uint32Array,
    candIdx: Uint32Array,
    io: Float64Array,
    grads: Float32Array,
    buffer: Float32Array,
    lr: number,
    momentum: number,
    weightDecay: number,
  ): void;
  /**
   * Gradient of 2x2 max pooling, stride 2, NHWC, even H and W: each window's dy goes to its first
   * maximum in row-major order (as PyTorch and tfjs); shape = [B, H, W, C] of x.
   */
  maxPool2x2Grad(x: Float32Array, dy: Float32Array, dx: Float32Array, shape: Int32Array): void;
  /**
   * out[b] = op(a[b]) op(b[b]) for row-major float32 tensors (by oneDNN's matmul in builds with
   * oneDNN, else plain loops for a dense layer at a small batch); shape = [batch, M, K, N, transposeA, transposeB] (a is
   * [batch, M, K], or [batch, K, M] when transposed; b likewise); not both transposed.
   */
  matMul(a: Float32Array, b: Float32Array, out: Float32Array, shape: Int32Array): void;
  /**
   * Indices of `values` by ascending value into `out` (same length), stable; -0 before +0, NaN
   * after +Infinity: the permutation of @fedrank/voting's argsortFloat32.
   */
  argsortFloat32(values: Float32Array, out: Uint32Array): void;
  /** Index of the first id of `p` out of [0, p.length) or already seen, or -1 (a permutation). */
  firstNonPermutation(p: Uint32Array): number;
  /** @fedrank/server's packBits (codecs/bits.ts): appends values at `width` bits; returns the new bit position. */
  packBits(values: Uint32Array, width: number, words: Uint32Array, bitPos: number): number;
  /** @fedrank/server's unpackBits: reads out.length values of `width` bits; returns the new bit position. */
  unpackBits(words: Uint32Array, bitPos: number, width: number, out: Uint32Array): number;
  /** inv[ranking[i]] = i (ids >= inv.length dropped). */
  scatterInverse(ranking: Uint32Array, inv: Uint32Array): void;
  /** sums[e] += inv[e] and inv[e] = 0xffffffff up to the first 0xffffffff; returns the edges processed. */
  addAndClear(sums: Float64Array, inv: Uint32Array): number;
  /** 2x2 / stride-2 max pooling, NHWC, 'valid': y [B, floor(H/2), floor(W/2), C]; shape = [B, H, W, C] of x. */
  maxPool2x2(x: Float32Array, y: Float32Array, shape: Int32Array): void;
  /** y = Math.max(0, x) (NaN stays NaN, -0 becomes +0). */
  relu(x: Float32Array, y: Float32Array): void;
  /** @fedrank/server's pairwiseSquaredDistances into `out` (n * n), bit for bit. */
  pairwiseSquaredDistances(updates: readonly Float32Array[], out: Float64Array): void;
  /** out[a * |ys| + b]: the squared distance of xs[a] and ys[b], as pairwiseSquaredDistances sums a pair (bit for bit). */
  crossSquaredDistances(xs: readonly Float32Array[], ys: readonly Float32Array[], out: Float64Array): void;
  /**
   * @fedrank/voting's prepareTrimmedMeanWithCopies: each coordinate's b lowest and b highest values
   * (tails, in blocks of 16 coordinates), the sum of ranks [b, n - b), and the smallest nonzero and
   * largest magnitude (middle, minAbs, maxAbs padded to a multiple of 16), and the pool's mean and
   * unbiased deviation (dim); false if a value is not finite.
   */
  poolTails(
    pool: readonly Float32Array[],
    b: number,
    tails: Float32Array,
    middle: Float64Array,
    minAbs: Float32Array,
    maxAbs: Float32Array,
    mean: Float64Array,
    std: Float64Array,
  ): boolean;
  /** @fedrank/voting's trimmedMeanWithCopiesDistances on prepared tails (1 to 4 gammas into out), bit for bit. */
  trimmedMeanCopiesDistances(
    pool: readonly Float32Array[],
    tails: Float32Array,
    copies: number,
    b: number,
    middle: Float64Array,
    minAbs: Float32Array,
    maxAbs: Float32Array,
    span: number,
    origin: Float64Array,
    dir: Float64Array,
    gammas: Float64Array,
    out: Float64Array,
  ): void;
  /** @fedrank/server's coordinateMeanStd (std null: the mean only), bit for bit. */
  coordinateMeanStd(updates: readonly Float32Array[], mean: Float64Array, std: Float64Array | null): void;
  /** @fedrank/random's Rng.shuffle of a Uint32Array; state = the generator's (a, b, c, d), advanced in place. */
  shuffleUint32(arr: Uint32Array, state: Uint32Array): void;
  /** @fedrank/server's lineGeometry terms: a[i] = ||origin - x_i||^2, c[i] = <dir, origin - x_i>, bit for bit. */
  lineTerms(updates: readonly Float32Array[], origin: Float64Array, dir: Float64Array, a: Float64Array, c: Float64Array): void;
}

export interface OneDnnKernels {
  /** Runs one convolution into `out`; returns the oneDNN implementation used (e.g. "jit:avx2"). */
  conv2d(kind: ConvKind, a: Float32Array, b: Float32Array, out: Float32Array, geometry: ConvGeometry): string;
  /** The loaded oneDNN library's version. */
  onednnVersion(): string;
}

/**
 * Typed arrays shorter than this stay with the JavaScript loops: below it the call's overhead
 * outweighs what the native kernels gain (they give the same results either way).
 */
export const NATIVE_MIN_LENGTH = 4096;

export type NativeStatus = { available: true; kernels: NativeKernels } | { available: false; reason: string };
export type OneDnnStatus = { available: true; kernels: OneDnnKernels; version: string } | { available: false; reason: string };

let loaded: { addon: Partial<NativeKernels & OneDnnKernels> } | { reason: string } | undefined;

export function addonPath(): string {
  return fileURLToPath(new URL('../build/Release/fedrank_native.node', import.meta.url));
}

function load(): { addon: Partial<NativeKernels & OneDnnKernels> } | { reason: string } {
  if (process.env.FEDRANK_NATIVE === '0') return { reason: 'disabled by FEDRANK_NATIVE=0' };
  if (loaded) return loaded;
  const path = addonPath();
  if (!existsSync(path)) {
    loaded = { reason: 'not built (needs g++; then npm rebuild @fedrank/native)' };
  } else {
    try {
      loaded = { addon: createRequire(import.meta.url)(path) as Partial<NativeKernels & OneDnnKernels> };
    } catch (e) {
      loaded = { reason: `failed to load ${path}: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}` };
    }
  }
  return loaded;
}

/** The typed-array kernels, or why they are unavailable. */
export function loadNative(): NativeStatus {
  const l = load();
  if ('reason' in l) return { available: false, reason: l.reason };
  const a = l.addon;
  const kernels: Partial<NativeKernels> = {
    sgdStep: a.sgdStep,
    maskedWeights: a.maskedWeights,
    maskBand: a.maskBand,
    sgdStepMaskBand: a.sgdStepMaskBand,
    maxPool2x2Grad: a.maxPool2x2Grad,
    matMul: a.matMul,
    argsortFloat32: a.argsortFloat32,
    firstNonPermutation: a.firstNonPermutation,
    packBits: a.packBits,
    unpackBits: a.unpackBits,
    scatterInverse: a.scatterInverse,
    addAndClear: a.addAndClear,
    maxPool2x2: a.maxPool2x2,
    relu: a.relu,
    pairwiseSquaredDistances: a.pairwiseSquaredDistances,
    crossSquaredDistances: a.crossSquaredDistances,
    poolTails: a.poolTails,
    trimmedMeanCopiesDistances: a.trimmedMeanCopiesDistances,
    coordinateMeanStd: a.coordinateMeanStd,
    shuffleUint32: a.shuffleUint32,
    lineTerms: a.lineTerms,
  };
  if (!isComplete(kernels))
    return { available: false, reason: 'the addon lacks the typed-array kernels (rebuild it: npm rebuild @fedrank/native)' };
  return { available: true, kernels };
}

function isComplete(k: Partial<NativeKernels>): k is NativeKernels {
  return Object.values(k).every((f) => typeof f === 'function');
}

/** The oneDNN convolutions, or why they are unavailable. */
export function loadOneDnn(): OneDnnStatus {
  const l = load();
  if ('reason' in l) return { available: false, reason: l.reason };
  const { conv2d, onednnVersion } = l.addon;
  if (!conv2d || !onednnVersion)
    return { available: false, reason: 'built without oneDNN (apt-get install libdnnl-dev, then npm rebuild @fedrank/native)' };
  return { available: true, kernels: { conv2d, onednnVersion }, version: onednnVersion() };
}
