/**
 * SGD with momentum and L2 weight decay, PyTorch semantics (dampening 0, no Nesterov):
 *   d = g + wd * p;  buf = d (first step) or momentum * buf + d;  p -= lr * buf.
 * Operates in place on typed arrays.
 */
export interface SgdOptions {
  momentum: number;
  weightDecay: number;
}

export class SgdMomentum {
  private readonly buffers: Float32Array[];
  private started = false;

  constructor(
    sizes: readonly number[],
    private readonly options: SgdOptions,
  ) {
    this.buffers = sizes.map((n) => new Float32Array(n));
  }

  /** One step over all layers' parameters `params[l]` with gradients `grads[l]`. */
  step(params: readonly Float32Array[], grads: readonly Float32Array[], lr: number): void {
    const { momentum, weightDecay } = this.options;
    for (let l = 0; l < params.length; l++) {
      const p = params[l];
      const g = grads[l];
      const b = this.buffers[l];
      if (!this.started) {
        for (let i = 0; i < p.length; i++) {
          const d = g[i] + weightDecay * p[i];
          b[i] = d;
          p[i] -= lr * d;
        }
      } else {
        for (let i = 0; i < p.length; i++) {
          const d = g[i] + weightDecay * p[i];
          const v = momentum * b[i] + d;
          b[i] = v;
          p[i] -= lr * v;
        }
      }
    }
    this.started = true;
  }
}

/** Cosine annealing over local epochs, stepped once per epoch: lr * (1 + cos(pi * e / E)) / 2. */
export function cosineEpochLr(baseLr: number, epoch: number, epochs: number): number {
  return (baseLr * (1 + Math.cos((Math.PI * epoch) / epochs))) / 2;
}
