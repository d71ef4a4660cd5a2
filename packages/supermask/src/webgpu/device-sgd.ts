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

function velocityProgram(n: number): WebGpuProgram {
  return {
    variableNames: ['scores', 'grad', 'weights', 'buf'],
    shaderKey: 'fedrank_sgd_velocity',
    uniforms: 'momentum : f32, weightDecay : f32, absRule : i32,',
    ...elementwiseLayout(n),
    getUserCode: () => `
      fn main(index : i32) {
        if (index < uniforms.size) {
          let s = scores[index];
          var st = grad[index] * weights[index];
          if (uniforms.absRule == 1) { st = st * sign(s); }
          result[index] = uniforms.momentum * buf[index] + st + uniforms.weightDecay * s;
        }
      }
    `,
  };
}

function stepProgram(n: number): WebGpuProgram {
  return {
    variableNames: ['scores', 'velocity'],
    shaderKey: 'fedrank_sgd_step',
    uniforms: 'lr : f32,',
    ...elementwiseLayout(n),
    getUserCode: () => `
      fn main(index : i32) {
        if (index < uniforms.size) {
          result[index] = scores[index] - uniforms.lr * velocity[index];
        }
      }
    `,
  };
}

/** SGD with momentum on per-layer score tensors of the webgpu backend (each shaped [n]). */
export class DeviceSgdMomentum {
  private buffers: tf.Tensor1D[];
  private started = false;

  constructor(
    sizes: readonly number[],
    private readonly options: SgdOptions,
  ) {
    this.buffers = sizes.map((n) => tf.keep(tf.zeros([n])));
  }

  /**
   * One step over all layers: returns the new scores (kept, outside any tidy) and disposes the
   * old ones. `grads[l]` is dL/dw_eff of layer l (any shape of n elements), `weights[l]` its frozen
   * weights.
   */
  step(
    scores: readonly tf.Tensor1D[],
    grads: readonly tf.Tensor[],
    weights: readonly tf.Tensor[],
    lr: number,
    st: DeviceStraightThrough,
  ): tf.Tensor1D[] {
    const momentum = this.started ? this.options.momentum : 0;
    const next = scores.map((s, l) => {
      const n = s.size;
      const v = runWebGpuProgram(velocityProgram(n), [s, grads[l], weights[l], this.buffers[l]], 'float32', [
        { type: 'float32', data: [momentum] },
        { type: 'float32', data: [this.options.weightDecay] },
        { type: 'int32', data: [st === 'abs' ? 1 : 0] },
      ]) as tf.Tensor1D;
      const p = runWebGpuProgram(stepProgram(n), [s, v], 'float32', [{ type: 'float32', data: [lr] }]) as tf.Tensor1D;
      this.buffers[l].dispose();
      this.buffers[l] = tf.keep(v);
      s.dispose();
      return tf.keep(p);
    });
    this.started = true;
    return next;
  }

  dispose(): void {
    tf.dispose(this.buffers);
  }
}
