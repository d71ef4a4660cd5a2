import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@fedrank/tensor';
import { Rng } from '@fedrank/random';
import { buildArchitecture } from './architectures.js';
import { crossEntropy } from './cross-entropy.js';
import { forward } from './forward.js';

describe('buildArchitecture', () => {
  it('LeNet on 28x28x1 has the reference 1,625,632 edges', () => {
    const a = buildArchitecture('lenet', { height: 28, width: 28, channels: 1, numClasses: 10 });
    expect(a.layers.map((l) => l.size)).toEqual([288, 18432, 1605632, 1280]);
    expect(a.totalEdges).toBe(1625632);
    expect(a.layers.map((l) => l.fanIn)).toEqual([9, 288, 12544, 128]);
  });

  it('Conv8 on 32x32x3 has the reference 5,275,840 edges', () => {
    const a = buildArchitecture('conv8', { height: 32, width: 32, channels: 3, numClasses: 10 });
    expect(a.totalEdges).toBe(5275840);
    expect(a.layers).toHaveLength(11);
  });

  it('Conv2/4/6 and MLP follow their layer lists', () => {
    const inp = { height: 32, width: 32, channels: 3, numClasses: 10 };
    expect(buildArchitecture('conv2', inp).layers.map((l) => l.shape)).toEqual([
      [3, 3, 3, 64],
      [3, 3, 64, 64],
      [16384, 256],
      [256, 256],
      [256, 10],
    ]);
    expect(buildArchitecture('conv4', inp).layers).toHaveLength(7);
    expect(buildArchitecture('conv6', inp).layers).toHaveLength(9);
    const mlp = buildArchitecture('mlp', { height: 28, width: 28, channels: 1, numClasses: 10 }, { hidden: [64] });
    expect(mlp.layers.map((l) => l.shape)).toEqual([
      [784, 64],
      [64, 10],
    ]);
  });

  it('refuses an input too small for its pooling layers', () => {
    expect(() => buildArchitecture('conv8', { height: 8, width: 8, channels: 1, numClasses: 10 })).toThrow(/larger input/);
  });
});

describe('forward', () => {
  // On wasm the native kernels (convolutions, small products, max-pool gradient) run where built.
  // The reference is plain tfjs ops on the same backend (tf.maxPool with tfjs's own gradient):
  // with tied maxima, another backend's rounding could make a different position the maximum.
  // The data are supermask-like: weights +-c per layer and inputs with repeated values, so
  // pooling windows hold tied maxima.
  it.each(['cpu', 'wasm'])(
    'gives the same loss gradients as plain tfjs ops (%s; dense, conv, pooling incl. odd sizes and ties)',
    async (backend) => {
      await initBackend(backend as 'cpu' | 'wasm');
      const rng = new Rng(2);
      const arch = buildArchitecture('conv4', { height: 7, width: 7, channels: 2, numClasses: 3 });
      const wsData = arch.layers.map((l) => Float32Array.from({ length: l.size }, () => (rng.float() < 0.5 ? -0.1 : 0.1)));
      const xData = Float32Array.from({ length: 4 * 7 * 7 * 2 }, () => (rng.float() < 0.4 ? -0.4 : Math.round(rng.normal() * 2) / 2));
      const gradients = (useOurs: boolean): { value: number; grads: Float32Array[] } =>
        tf.tidy(() => {
          const ws = arch.layers.map((l, i) => tf.tensor(wsData[i], l.shape));
          const x = tf.tensor4d(xData, [4, 7, 7, 2]);
          const y = tf.tensor1d([0, 2, 1, 2], 'int32');
          const plain = (...w: tf.Tensor[]): tf.Scalar => {
            let t: tf.Tensor = x;
            let li = 0;
            for (const o of arch.ops) {
              if (o.op === 'conv') t = tf.conv2d(t as tf.Tensor4D, w[li++] as tf.Tensor4D, 1, 'same');
              else if (o.op === 'relu') t = tf.relu(t);
              else if (o.op === 'pool') t = tf.maxPool(t as tf.Tensor4D, 2, 2, 'valid');
              else if (o.op === 'flatten') t = tf.reshape(t, [t.shape[0], -1]);
              else t = tf.matMul(t, w[li++]);
            }
            return crossEntropy(t as tf.Tensor2D, y, 3);
          };
          const r = useOurs
            ? tf.valueAndGrads((...w: tf.Tensor[]) => crossEntropy(forward(arch, x, w), y, 3))(ws)
            : tf.valueAndGrads(plain)(ws);
          return { value: r.value.dataSync()[0], grads: r.grads.map((g) => Float32Array.from(g.dataSync())) };
        });
      const ours = gradients(true);
      const ref = gradients(false);
      expect(Math.abs(ours.value - ref.value) / Math.abs(ref.value)).toBeLessThan(1e-5);
      ours.grads.forEach((a, i) => {
        const b = ref.grads[i];
        let maxDiff = 0;
        let maxRef = 0;
        for (let k = 0; k < a.length; k++) {
          maxDiff = Math.max(maxDiff, Math.abs(a[k] - b[k]));
          maxRef = Math.max(maxRef, Math.abs(b[k]));
        }
        expect(maxDiff / maxRef).toBeLessThan(1e-4);
      });
    },
  );
});
