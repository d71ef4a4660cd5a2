/**
 * The product x [B, in] times W [in, out] of a dense layer, with the backward pass chosen for the
 * backend that runs it:
 * - wasm with the native BatchMatMul kernel (native-matmul-kernel.ts, where transposed operands
 *   are strides): plain tf.matMul and its own gradient;
 * - elsewhere: a gradient without transposed products, dx = (W dy^T)^T and dW = x^T dy, built from
 *   small explicit transposes, because tfjs-wasm's BatchMatMul is several times slower with
 *   transposeA/B set than on explicitly transposed operands.
 */
import * as tf from '@tensorflow/tfjs';
import { isNativeWasmKernel } from './wasm-kernels.js';

const matMulExplicitTransposes = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const [x, w, save] = args as [tf.Tensor, tf.Tensor, tf.GradSaveFunc];
  save([x, w]);
  return {
    value: tf.matMul(x, w),
    gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
      const [xs, ws] = saved as [tf.Tensor2D, tf.Tensor2D];
      const g = dy as tf.Tensor2D;
      return [tf.transpose(tf.matMul(ws, tf.transpose(g))), tf.matMul(tf.transpose(xs), g)];
    },
  };
}) as (x: tf.Tensor2D, w: tf.Tensor2D) => tf.Tensor2D;

/** x W for a dense layer (differentiable in both), on the current backend. */
export function denseMatMul(x: tf.Tensor2D, w: tf.Tensor2D): tf.Tensor2D {
  return tf.getBackend() === 'wasm' && isNativeWasmKernel('BatchMatMul') ? tf.matMul(x, w) : matMulExplicitTransposes(x, w);
}
