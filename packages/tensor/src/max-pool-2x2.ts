/**
 * 2x2 max pooling, stride 2 ('valid': an odd last row/column is dropped), NHWC. Its gradient goes
 * to one position per window, the first maximum in row-major order, as PyTorch's max_pool2d and
 * tfjs's MaxPoolGrad route it. Ties matter: supermask weights are +-c per layer and background
 * pixels one constant, so equal positive activations in one window are common.
 * Where the native one-pass kernel (MAX_POOL_2X2_GRAD, native-max-pool-grad.ts) is registered
 * for the current backend it computes the gradient on the even-sized part of x; elsewhere
 * tf.maxPool's own gradient does.
 */
import * as tf from '@tensorflow/tfjs';
import { MAX_POOL_2X2_GRAD } from './native-max-pool-grad.js';

/** 2x2 / stride-2 max pooling of x [B, H, W, C] -> [B, floor(H/2), floor(W/2), C]. */
export function maxPool2x2(x: tf.Tensor4D): tf.Tensor4D {
  return hasKernel(MAX_POOL_2X2_GRAD) ? maxPool2x2Native(x) : tf.maxPool(x, 2, 2, 'valid');
}

const maxPool2x2Native = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const [x, save] = args as [tf.Tensor4D, tf.GradSaveFunc];
  const [b, h, w, c] = x.shape;
  const he = h - (h % 2);
  const we = w - (w % 2);
  const xe = he === h && we === w ? x : tf.slice(x, [0, 0, 0, 0], [b, he, we, c]);
  save([xe]);
  return {
    value: tf.maxPool(xe, 2, 2, 'valid'),
    gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
      const [xs] = saved as [tf.Tensor4D];
      const dx = tf.engine().runKernel(MAX_POOL_2X2_GRAD, { x: xs, dy: dy as tf.Tensor4D }) as tf.Tensor4D;
      return [
        he === h && we === w
          ? dx
          : tf.pad(dx, [
              [0, 0],
              [0, h - he],
              [0, w - we],
              [0, 0],
            ]),
      ];
    },
  };
}) as (x: tf.Tensor4D) => tf.Tensor4D;

function hasKernel(name: string): boolean {
  return tf.getKernel(name, tf.getBackend()) !== undefined;
}
