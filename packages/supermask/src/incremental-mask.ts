/**
 * The keep masks of a supermask training run, kept up to date across SGD steps instead of
 * selected from scratch at every step (mask-rule.ts gives the same masks, ties included).
 *
 * After one SGD step only scores near the old threshold can cross it. So the step's pass that
 * applies the update also counts the scores below a band [T - D, T + D] around the previous
 * threshold T, writes the mask of every edge outside the band, and gathers the band's edges
 * (mask-band.ts, natively mask_band.cc); a selection among those few gives the new exact
 * threshold. When the band does not hold the new threshold (the counts say so) it is widened
 * and the scores passed once more, a few times, then a full selection is made.
 *
 * The half-width D adapts per layer: wide enough for about n / 512 edges (from the density of
 * the last band) and for 4 times the largest threshold move of the last steps.
 */
import { loadNative } from '@fedrank/native';
import { maskZeros } from '@fedrank/voting';
import { type Band, bandPass, finishBand, type SgdTerms } from './mask-band.js';
import { absKey, floatOrderKey, valueOfAbsKey, valueOfFloatOrderKey } from './mask-keys.js';
import { type MaskRule, maskedWeights } from './mask-rule.js';

const native = loadNative();

/** How many times a missed band is widened (x16 each) before a full selection. */
const WIDENINGS = 3;
/** Threshold moves remembered for the band width. */
const MOVES = 4;

interface LayerState {
  readonly n: number;
  readonly j: number;
  /** Key of the current threshold (mask-keys.ts), or -1: select in full next time. */
  threshold: number;
  /** Half-width D of the next band, in score units (0: not set yet). */
  half: number;
  readonly moves: number[];
  /** Edges the band aims at. */
  readonly target: number;
  band?: Band;
}

/** How the masks were found, for benchmarks and tests. */
export interface IncrementalMaskCounts {
  /** Layer steps whose band held the threshold at once. */
  band: number;
  /** Layer steps that needed a wider band. */
  widened: number;
  /** Full selections (first step, NaN scores, or bands that failed). */
  full: number;
}

export class IncrementalMask {
  private readonly layers: LayerState[];
  private readonly io = new Float64Array(5);
  private readonly threshold = new Float64Array(1);
  readonly counts: IncrementalMaskCounts = { band: 0, widened: 0, full: 0 };

  constructor(
    sizes: readonly number[],
    private readonly keep: number,
    readonly rule: MaskRule,
    /** false: always the JavaScript kernels (tests compare both). */
    private readonly useNative = true,
  ) {
    this.layers = sizes.map((n) => ({
      n,
      j: maskZeros(n, keep),
      threshold: -1,
      half: 0,
      moves: [],
      target: Math.max(64, n >> 9),
    }));
  }

  private get abs(): boolean {
    return this.rule === 'reference';
  }

  /** Whether layer l's next mask can come from a band (else: SGD step, then `full`). */
  tracks(l: number): boolean {
    return this.layers[l].threshold >= 0;
  }

  /** out = weights * mask(scores) of layer l by a full selection; its threshold centres the next band. */
  full(l: number, scores: Float32Array, weights: Float32Array, out: Float32Array): void {
    const st = this.layers[l];
    this.counts.full++;
    maskedWeights(scores, weights, this.keep, this.rule, out, this.useNative, this.threshold);
    const t = this.threshold[0];
    const usable = t >= 0 && st.j > 0 && st.j < st.n && t !== (this.abs ? 0x7fffffff : 0xffffffff);
    if (usable && st.threshold >= 0) this.remember(st, Math.abs(this.valueOf(t) - this.valueOf(st.threshold)));
    st.threshold = usable ? t : -1;
  }

  /**
   * The rule's straight-through SGD step of layer l (as SgdMomentum's) and out = weights * mask
   * of the new scores. Requires tracks(l).
   */
  sgdStep(l: number, params: Float32Array, weights: Float32Array, out: Float32Array, sgd: SgdTerms): void {
    const st = this.layers[l];
    const band = this.bandOf(st);
    const t0 = this.valueOf(st.threshold);
    if (st.half === 0) st.half = Math.max(Math.abs(t0) * 2 ** -10, 2 ** -30);
    let half = st.half;
    this.centre(band, t0, half);
    let t = this.run(params, weights, out, st, band, sgd);
    for (let w = 0; t === -1 && w < WIDENINGS; w++) {
      // Overflowed: narrower; missed: wider.
      half = band.inBand > band.candKeys.length ? (half * band.candKeys.length) / (4 * band.inBand) : half * 16;
      this.centre(band, t0, half);
      t = this.run(params, weights, out, st, band);
      if (w === 0) this.counts.widened++;
    }
    if (t < 0) {
      st.half = half;
      this.full(l, params, weights, out);
      return;
    }
    if (half === st.half) this.counts.band++;
    const move = Math.abs(this.valueOf(t) - t0);
    this.remember(st, move);
    // Aim at `target` edges at the last band's density, at least 4 moves wide, at most half the gather buffer.
    const m = Math.max(band.inBand, 1);
    const byDensity = (half * st.target) / m;
    const byCapacity = (half * band.candKeys.length) / (2 * m);
    st.half = Math.max(Math.min(Math.max(byDensity, 4 * Math.max(...st.moves)), byCapacity), 2 ** -126);
    st.threshold = t;
  }

  private remember(st: LayerState, move: number): void {
    st.moves.push(move);
    if (st.moves.length > MOVES) st.moves.shift();
  }

  private bandOf(st: LayerState): Band {
    if (!st.band) {
      const cap = Math.min(st.n, Math.max(4096, st.n >> 4));
      st.band = { lo: 0, hi: 0, candKeys: new Uint32Array(cap), candIdx: new Uint32Array(cap), inBand: 0, below: 0, nan: 0 };
    }
    return st.band;
  }

  private valueOf(key: number): number {
    return this.abs ? valueOfAbsKey(key) : valueOfFloatOrderKey(key);
  }

  private centre(band: Band, t: number, half: number): void {
    // Math.fround rounds monotonically, so the band still holds t.
    if (this.abs) {
      band.lo = absKey(Math.fround(Math.max(0, t - half)));
      band.hi = absKey(Math.fround(t + half));
    } else {
      band.lo = floatOrderKey(Math.fround(t - half));
      band.hi = floatOrderKey(Math.fround(t + half));
    }
  }

  /** One band pass (after the SGD step when `sgd` is given); the threshold key or -1 / -2 (see finishBand). */
  private run(scores: Float32Array, weights: Float32Array, out: Float32Array, st: LayerState, band: Band, sgd?: SgdTerms): number {
    if (!native.available || !this.useNative) {
      bandPass(this.abs, scores, weights, out, band, sgd);
      return finishBand(this.abs, weights, st.j, out, band);
    }
    const io = this.io;
    io[0] = band.lo;
    io[1] = band.hi;
    const rule = this.abs ? 0 : 1;
    if (sgd) {
      native.kernels.sgdStepMaskBand(
        rule,
        scores,
        weights,
        st.j,
        out,
        band.candKeys,
        band.candIdx,
        io,
        sgd.grads,
        sgd.buffer,
        sgd.lr,
        sgd.momentum,
        sgd.weightDecay,
      );
    } else {
      native.kernels.maskBand(rule, scores, weights, st.j, out, band.candKeys, band.candIdx, io);
    }
    band.inBand = io[2];
    band.below = io[3];
    return io[4];
  }
}
