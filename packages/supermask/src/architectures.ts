/**
 * Network architectures for supermask (edge-popup, Ramanujan et al. 2020) and dense training.
 * Every layer is bias-free, as in the FRL reference; a layer's edges are the entries of its
 * weight tensor in tfjs layout (conv: [kh, kw, cIn, cOut], dense: [in, out]).
 *
 * - lenet: the FRL reference's MNIST model: conv3x3(c->32), ReLU, conv3x3(32->64), ReLU,
 *   maxpool 2, flatten, dense 128, ReLU, dense classes (1,625,632 edges on 28x28x1).
 * - conv2/conv4/conv6/conv8: edge-popup's family: pairs of 3x3 convs (64, 128, 256, 512
 *   channels) each followed by maxpool 2, then dense 256, 256, classes.
 * - mlp: dense layers with ReLU (hidden sizes configurable, default 300, 100).
 */
import * as tf from '@tensorflow/tfjs';
import { isNativeWasmKernel, MAX_POOL_2X2_GRAD } from '@fedrank/tensor';

export type ArchName = 'lenet' | 'conv2' | 'conv4' | 'conv6' | 'conv8' | 'mlp';
export const ARCH_NAMES: readonly ArchName[] = ['lenet', 'conv2', 'conv4', 'conv6', 'conv8', 'mlp'];

export interface InputShape {
  height: number;
  width: number;
  channels: number;
  numClasses: number;
}

export interface LayerSpec {
  name: string;
  /** Output channels (conv) or units (dense): the size of the layer's bias in dense training. */
  units: number;
  kind: 'conv' | 'dense';
  /** tfjs weight shape: conv [kh, kw, cIn, cOut]; dense [in, out]. */
  shape: number[];
  /** Number of edges (weights) in the layer. */
  size: number;
  /** Fan-in used by the Kaiming initialisations: kh*kw*cIn for conv, in for dense. */
  fanIn: number;
}

/** One step of the forward pass; `conv` and `dense` consume the next layer's weight. */
type Op = { op: 'conv' } | { op: 'relu' } | { op: 'pool' } | { op: 'flatten' } | { op: 'dense' };

export interface Architecture {
  name: ArchName;
  input: InputShape;
  layers: LayerSpec[];
  ops: Op[];
  /** Total edges over all layers. */
  totalEdges: number;
}

export interface ArchOptions {
  /** Hidden sizes for `mlp`. */
  hidden?: number[];
}

export class ArchitectureError extends Error {
  readonly exitCode = 2;
  constructor(
    message: string,
    readonly field = 'model.arch',
  ) {
    super(message);
    this.name = 'ArchitectureError';
  }
}

export function buildArchitecture(name: ArchName, input: InputShape, options: ArchOptions = {}): Architecture {
  const layers: LayerSpec[] = [];
  const ops: Op[] = [];
  let h = input.height;
  let w = input.width;
  let c = input.channels;
  let flat = 0;

  const conv = (cOut: number): void => {
    const shape = [3, 3, c, cOut];
    layers.push({ name: `conv${layers.length + 1}`, kind: 'conv', units: cOut, shape, size: 9 * c * cOut, fanIn: 9 * c });
    ops.push({ op: 'conv' }, { op: 'relu' });
    c = cOut;
  };
  const pool = (): void => {
    if (h < 2 || w < 2)
      throw new ArchitectureError(`${name} needs a larger input than ${input.height}x${input.width}: too many pooling layers`);
    ops.push({ op: 'pool' });
    h = Math.floor(h / 2);
    w = Math.floor(w / 2);
  };
  const flatten = (): void => {
    ops.push({ op: 'flatten' });
    flat = h * w * c;
  };
  const dense = (out: number, relu: boolean): void => {
    layers.push({ name: `fc${layers.length + 1}`, kind: 'dense', units: out, shape: [flat, out], size: flat * out, fanIn: flat });
    ops.push({ op: 'dense' });
    if (relu) ops.push({ op: 'relu' });
    flat = out;
  };

  switch (name) {
    case 'lenet':
      conv(32);
      conv(64);
      pool();
      flatten();
      dense(128, true);
      dense(input.numClasses, false);
      break;
    case 'conv2':
    case 'conv4':
    case 'conv6':
    case 'conv8': {
      const blocks = Number(name.slice(4)) / 2;
      const widths = [64, 128, 256, 512];
      for (let b = 0; b < blocks; b++) {
        conv(widths[b]);
        conv(widths[b]);
        pool();
      }
      flatten();
      dense(256, true);
      dense(256, true);
      dense(input.numClasses, false);
      break;
    }
    case 'mlp': {
      flatten();
      for (const hdim of options.hidden ?? [300, 100]) dense(hdim, true);
      dense(input.numClasses, false);
      break;
    }
    default:
      throw new ArchitectureError(`unknown architecture '${String(name)}', expected one of ${ARCH_NAMES.join(', ')}`);
  }
  return { name, input, layers, ops, totalEdges: layers.reduce((s, l) => s + l.size, 0) };
}

/**
 * x [B, in] times W [in, out], with a gradient that avoids transposed matMuls: tfjs-wasm's
 * BatchMatMul is 5-10x slower with transposeA/B than with small explicit transposes
 * (measured for LeNet's 12544x128 layer at batch 8: dx 29 ms -> 5 ms, dW 43 ms -> 14 ms).
 *   dx = (W dy^T)^T,  dW = x^T dy.
 * Where oneDNN runs BatchMatMul (transposes are free strides there) plain tf.matMul is used.
 */
const denseMatMul = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const [x, w, save] = args as [tf.Tensor, tf.Tensor, tf.GradSaveFunc];
  save([x, w]);
  return {
    value: tf.matMul(x as tf.Tensor2D, w as tf.Tensor2D),
    gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
      const [xs, ws] = saved as [tf.Tensor2D, tf.Tensor2D];
      const g = dy as tf.Tensor2D;
      return [tf.transpose(tf.matMul(ws, tf.transpose(g))), tf.matMul(tf.transpose(xs), g)];
    },
  };
}) as (x: tf.Tensor2D, w: tf.Tensor2D) => tf.Tensor2D;

/**
 * 2x2 max pooling, stride 2 ('valid': an odd last row/column is dropped). Its gradient goes to
 * one position per window, the first maximum in row-major order, as PyTorch's max_pool2d (the
 * reference) and tfjs's MaxPoolGrad route it. Ties are common here, not only in all-zero
 * windows: the weights are +-c per layer and the background pixels one constant, so equal
 * positive activations occur (~18% of windows with a positive maximum after LeNet's conv2).
 * Where the native one-pass kernel is registered (wasm with @fedrank/native) it computes the
 * gradient; elsewhere tf.maxPool's own gradient does.
 */
function maxPool2x2(x: tf.Tensor4D): tf.Tensor4D {
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

function matMul(x: tf.Tensor2D, w: tf.Tensor2D): tf.Tensor2D {
  return tf.getBackend() === 'wasm' && isNativeWasmKernel('BatchMatMul') ? tf.matMul(x, w) : denseMatMul(x, w);
}

/**
 * Logits of a batch `x` [B, H, W, C] under the given per-layer weight tensors, and per-layer
 * bias tensors for dense (non-supermask) training, where the architecture has biases.
 */
export function forward(arch: Architecture, x: tf.Tensor4D, weights: readonly tf.Tensor[], biases?: readonly tf.Tensor[]): tf.Tensor2D {
  let t: tf.Tensor = x;
  let li = 0;
  const withBias = (out: tf.Tensor, l: number): tf.Tensor => (biases ? tf.add(out, biases[l]) : out);
  for (const o of arch.ops) {
    switch (o.op) {
      case 'conv':
        t = withBias(tf.conv2d(t as tf.Tensor4D, weights[li] as tf.Tensor4D, 1, 'same'), li);
        li++;
        break;
      case 'relu':
        t = tf.relu(t);
        break;
      case 'pool':
        t = maxPool2x2(t as tf.Tensor4D);
        break;
      case 'flatten':
        t = tf.reshape(t, [t.shape[0], -1]);
        break;
      case 'dense':
        t = withBias(matMul(t as tf.Tensor2D, weights[li] as tf.Tensor2D), li);
        li++;
        break;
    }
  }
  return t as tf.Tensor2D;
}

/** Mean softmax cross-entropy of logits against integer labels. */
export function crossEntropy(logits: tf.Tensor2D, labels: tf.Tensor1D, numClasses: number): tf.Scalar {
  return tf.tidy(() => {
    const logp = tf.logSoftmax(logits);
    const oneHot = tf.oneHot(labels, numClasses);
    return tf.neg(tf.mean(tf.sum(tf.mul(oneHot, logp), 1))) as tf.Scalar;
  });
}
