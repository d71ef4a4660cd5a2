/**
 * SgdMomentum (sgd.ts) on the GPU for supermask scores: the same update, in float32 where the
 * CPU computes in double, so results agree to float rounding, not bit for bit:
 *   st = dL/dw_eff * w * sign(s) ('abs') or dL/dw_eff * w ('signed');
 *   buf = momentum * buf + st + wd * s  (momentum 0 on the first step: buf = d);  s -= lr * buf.
 * Two WGSL programs per layer (the new momentum buffer, then the new scores); the state stays in
 * tensors of the webgpu backend, replaced (and the old ones disposed) on every step.
 */
import * as tf from '@tensorflow/tfjs';
import { elementwiseLayout, runWebGpuProgram, type WebGpuProgram } from '@fedrank/tensor';
import type { SgdOptions } from '../sgd.js';

export type DeviceStraightThrough = 'abs' | 'signed';

/** Per client c, edge i (element c * n + i): the new momentum buffer; the weights are shared. */
function velocityProgram(n: number, clients: number): WebGpuProgram {
  return {
    variableNames: ['scores', 'grad', 'weights', 'buf'],
    shaderKey: 'fedrank_sgd_velocity',
    uniforms: 'n : i32, momentum : f32, weightDecay : f32, absRule : i32,',
    ...elementwiseLayout(n * clients),
    getUserCode: () => `
      fn main(index : i32) {
        if (index < uniforms.size) {
          let s = scores[index];
          var st = grad[index] * weights[index % uniforms.n];
          if (uniforms.absRule == 1) { st = st * sign(s); }
          result[index] = uniforms.momentum * buf[index] + st + uniforms.weightDecay * s;
        }
      }
    `,
  };
}

/** Per client c: s - lr_c * buf, lr_c = lrs[c] (0 leaves a client's scores as they are). */
function stepProgram(n: number, clients: number): WebGpuProgram {
  return {
    variableNames: ['scores', 'velocity', 'lrs'],
    shaderKey: 'fedrank_sgd_step',
    uniforms: 'n : i32,',
    ...elementwiseLayout(n * clients),
    getUserCode: () => `
      fn main(index : i32) {
        if (index < uniforms.size) {
          result[index] = scores[index] - lrs[index / uniforms.n] * velocity[index];
        }
      }
    `,
  };
}

/**
 * SGD with momentum on per-layer score tensors of the webgpu backend, for `clients` clients at
 * once: layer l's tensor holds clients * n_l elements (client c's at [c * n_l, (c + 1) * n_l)),
 * and its frozen weights n_l, shared. Two dispatches per layer whatever the number of clients.
 */
export class DeviceSgdMomentum {
  private buffers: tf.Tensor1D[];
  private started = false;

  constructor(
    private readonly sizes: readonly number[],
    private readonly options: SgdOptions,
    private readonly clients = 1,
  ) {
    this.buffers = sizes.map((n) => tf.keep(tf.zeros([n * clients])));
  }

  /**
   * One step over all layers: returns the new scores (kept, outside any tidy) and disposes the
   * old ones. `grads[l]` is dL/dw_eff of layer l (any shape of clients * n_l elements),
   * `weights[l]` its frozen weights; `lr` one learning rate, or one per client (0: no change).
   */
  step(
    scores: readonly tf.Tensor1D[],
    grads: readonly tf.Tensor[],
    weights: readonly tf.Tensor[],
    lr: number | readonly number[],
    st: DeviceStraightThrough,
  ): tf.Tensor1D[] {
    const momentum = this.started ? this.options.momentum : 0;
    const lrs = tf.tensor1d(typeof lr === 'number' ? new Array<number>(this.clients).fill(lr) : [...lr]);
    const next = scores.map((s, l) => {
      const n = this.sizes[l];
      const v = runWebGpuProgram(velocityProgram(n, this.clients), [s, grads[l], weights[l], this.buffers[l]], 'float32', [
        { type: 'int32', data: [n] },
        { type: 'float32', data: [momentum] },
        { type: 'float32', data: [this.options.weightDecay] },
        { type: 'int32', data: [st === 'abs' ? 1 : 0] },
      ]) as tf.Tensor1D;
      const p = runWebGpuProgram(stepProgram(n, this.clients), [s, v, lrs], 'float32', [{ type: 'int32', data: [n] }]) as tf.Tensor1D;
      this.buffers[l].dispose();
      this.buffers[l] = tf.keep(v);
      s.dispose();
      return tf.keep(p);
    });
    lrs.dispose();
    this.started = true;
    return next;
  }

  dispose(): void {
    tf.dispose(this.buffers);
  }
}
