/**
 * SGD with momentum and L2 weight decay, PyTorch semantics (dampening 0, no Nesterov):
 *   d = g + wd * p;  buf = d (first step) or momentum * buf + d;  p -= lr * buf.
 * For supermask scores the gradient g is the straight-through one (edge-popup), computed in the
 * same pass from the gradient of the effective weights w * mask:
 *   'abs' (mask from |score|):   g = dL/dw_eff * w * sign(s)
 *   'signed' (mask from score):  g = dL/dw_eff * w
 *   'none' (dense training):     g = dL/dw
 * Operates in place on typed arrays, one pass per layer: in the native addon (@fedrank/native)
 * when it is built, else in JavaScript; both compute in double in the same order and give
 * bit-identical results.
 */
import { loadNative, type SgdMode } from '@fedrank/native';
import type { IncrementalMask } from './incremental-mask.js';

const native = loadNative();
const MODES: Record<StraightThrough, SgdMode> = { none: 0, abs: 1, signed: 2 };
export interface SgdOptions {
  momentum: number;
  weightDecay: number;
}

export type StraightThrough = 'abs' | 'signed' | 'none';

export class SgdMomentum {
  private readonly buffers: Float32Array[];
  private started = false;

  constructor(
    sizes: readonly number[],
    private readonly options: SgdOptions,
    /** false: always the JavaScript loops (tests compare both). */
    private readonly useNative = true,
  ) {
    this.buffers = sizes.map((n) => new Float32Array(n));
  }

  /**
   * One step over all layers. `grads[l]` is dL/dp for 'none', else dL/dw_eff with the frozen
   * `weights[l]`. `grads` may be overwritten.
   */
  step(
    params: readonly Float32Array[],
    grads: readonly Float32Array[],
    lr: number,
    straightThrough: StraightThrough = 'none',
    weights?: readonly Float32Array[],
  ): void {
    const m = this.started ? this.options.momentum : 0;
    if (straightThrough !== 'none' && !weights) throw new Error('SgdMomentum.step: straight-through needs the frozen weights');
    for (let l = 0; l < params.length; l++) this.stepLayer(l, params[l], grads[l], m, lr, straightThrough, weights?.[l]);
    this.started = true;
  }

  /**
   * One step of the mask's straight-through rule over all layers (as `step`), and into `out[l]`
   * the effective weights w * mask of the new scores, from `mask` (see IncrementalMask).
   */
  stepMasked(
    params: readonly Float32Array[],
    grads: readonly Float32Array[],
    lr: number,
    weights: readonly Float32Array[],
    mask: IncrementalMask,
    out: readonly Float32Array[],
  ): void {
    const m = this.started ? this.options.momentum : 0;
    const straightThrough = mask.rule === 'reference' ? 'abs' : 'signed';
    for (let l = 0; l < params.length; l++) {
      if (mask.tracks(l)) {
        const terms = { grads: grads[l], buffer: this.buffers[l], lr, momentum: m, weightDecay: this.options.weightDecay };
        mask.sgdStep(l, params[l], weights[l], out[l], terms);
      } else {
        this.stepLayer(l, params[l], grads[l], m, lr, straightThrough, weights[l]);
        mask.full(l, params[l], weights[l], out[l]);
      }
    }
    this.started = true;
  }

  private stepLayer(
    l: number,
    p: Float32Array,
    g: Float32Array,
    m: number,
    lr: number,
    straightThrough: StraightThrough,
    w?: Float32Array,
  ): void {
    const { weightDecay } = this.options;
    if (native.available && this.useNative)
      native.kernels.sgdStep(MODES[straightThrough], p, g, w ?? null, this.buffers[l], lr, m, weightDecay);
    else if (straightThrough === 'none' || !w) stepPlain(p, g, this.buffers[l], lr, m, weightDecay);
    else if (straightThrough === 'abs') stepAbs(p, g, w, this.buffers[l], lr, m, weightDecay);
    else stepSigned(p, g, w, this.buffers[l], lr, m, weightDecay);
  }
}

// One small function per loop so that V8 optimizes each whole. With m = 0 (first step),
// buf = d exactly as PyTorch initializes the momentum buffer.
function stepPlain(p: Float32Array, g: Float32Array, b: Float32Array, lr: number, m: number, wd: number): void {
  for (let i = 0; i < p.length; i++) {
    const v = m * b[i] + g[i] + wd * p[i];
    b[i] = v;
    p[i] -= lr * v;
  }
}

function stepAbs(p: Float32Array, g: Float32Array, w: Float32Array, b: Float32Array, lr: number, m: number, wd: number): void {
  // sign(s) from the float's sign bit: a data-dependent branch on the sign of random scores
  // mispredicts half the time and made this loop 2.5x slower.
  const bits = new Uint32Array(p.buffer, p.byteOffset, p.length);
  for (let i = 0; i < p.length; i++) {
    const s = p[i];
    const st = s === 0 ? 0 : g[i] * w[i] * (1 - 2 * (bits[i] >>> 31));
    const v = m * b[i] + st + wd * s;
    b[i] = v;
    p[i] = s - lr * v;
  }
}

function stepSigned(p: Float32Array, g: Float32Array, w: Float32Array, b: Float32Array, lr: number, m: number, wd: number): void {
  for (let i = 0; i < p.length; i++) {
    const s = p[i];
    const v = m * b[i] + g[i] * w[i] + wd * s;
    b[i] = v;
    p[i] = s - lr * v;
  }
}

/** Cosine annealing over local epochs, stepped once per epoch: lr * (1 + cos(pi * e / E)) / 2. */
export function cosineEpochLr(baseLr: number, epoch: number, epochs: number): number {
  return (baseLr * (1 + Math.cos((Math.PI * epoch) / epochs))) / 2;
}
