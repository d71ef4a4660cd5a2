/**
 * The wasm backend's conv2d and its gradient kernels (whichever are registered: composed or
 * native oneDNN) against tfjs's cpu backend, through tf.grads (as training uses them) and
 * directly through the kernels (strides, explicit padding, NCHW). Used by conv-gradients.test.ts
 * (composed kernels) and onednn-conv-kernels.test.ts (native kernels).
 */
import * as tf from '@tensorflow/tfjs';
import { Rng } from '@fedrank/random';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from './backend.js';
import { normals, onBackend, relativeError } from './cross-backend.test-util.js';

type Pad = 'same' | 'valid';
type Shape4 = [number, number, number, number];
interface Case {
  batch: number;
  height: number;
  width: number;
  inChannels: number;
  outChannels: number;
  filter: [number, number];
  pad: Pad;
}

const fixed: Case[] = [
  { batch: 1, height: 5, width: 5, inChannels: 1, outChannels: 1, filter: [3, 3], pad: 'same' },
  { batch: 8, height: 28, width: 28, inChannels: 1, outChannels: 8, filter: [3, 3], pad: 'same' },
  { batch: 4, height: 14, width: 14, inChannels: 16, outChannels: 32, filter: [3, 3], pad: 'valid' },
  { batch: 2, height: 12, width: 12, inChannels: 32, outChannels: 32, filter: [5, 5], pad: 'same' },
  { batch: 3, height: 7, width: 9, inChannels: 5, outChannels: 7, filter: [2, 2], pad: 'same' },
  { batch: 3, height: 8, width: 6, inChannels: 4, outChannels: 6, filter: [2, 3], pad: 'valid' },
  { batch: 5, height: 6, width: 6, inChannels: 3, outChannels: 4, filter: [1, 1], pad: 'valid' },
  { batch: 2, height: 28, width: 5, inChannels: 32, outChannels: 1, filter: [5, 5], pad: 'valid' },
];

/** Random cases over batch 1..8, spatial 5..28, channels 1..32, kept small enough for the cpu backend. */
function randomCases(rng: Rng, count: number): Case[] {
  const cases: Case[] = [];
  while (cases.length < count) {
    const size = [1, 2, 3, 5][rng.int(4)];
    const c: Case = {
      batch: 1 + rng.int(8),
      height: 5 + rng.int(24),
      width: 5 + rng.int(24),
      inChannels: 1 + rng.int(32),
      outChannels: 1 + rng.int(32),
      filter: [size, size],
      pad: rng.float() < 0.5 ? 'same' : 'valid',
    };
    const macs = c.batch * c.height * c.width * c.inChannels * c.outChannels * size * size;
    if (macs <= 4e6) cases.push(c);
  }
  return cases;
}

const label = (c: Case): string =>
  `x[${c.batch},${c.height},${c.width},${c.inChannels}] f[${c.filter.join(',')},${c.inChannels},${c.outChannels}] ${c.pad}`;

export function describeConvKernels(title: string, before: () => Promise<void> = async () => {}): void {
  describe(title, () => {
    beforeAll(async () => {
      await initBackend('wasm');
      await before();
    });

    describe('conv2d and its gradients on wasm match cpu', () => {
      const rng = new Rng(20240607).derive('conv-gradients');
      const cases = [...fixed, ...randomCases(rng.derive('shapes'), 8)];

      it.each(cases.map((c, i) => [label(c), c, i] as const))('%s', async (_name, c, i) => {
        const data = rng.derive('case', i);
        const xShape = [c.batch, c.height, c.width, c.inChannels];
        const fShape = [...c.filter, c.inChannels, c.outChannels];
        const x = normals(
          data,
          xShape.reduce((a, b) => a * b),
        );
        const f = normals(
          data,
          fShape.reduce((a, b) => a * b),
          1 / Math.sqrt(c.filter[0] * c.filter[1] * c.inChannels),
        );
        const outHeight = c.pad === 'same' ? c.height : c.height - c.filter[0] + 1;
        const outWidth = c.pad === 'same' ? c.width : c.width - c.filter[1] + 1;
        const w = normals(data, c.batch * outHeight * outWidth * c.outChannels);
        const gradients = (): tf.Tensor[] => {
          const weights = tf.tensor4d(w, [c.batch, outHeight, outWidth, c.outChannels]);
          const loss = (xs: tf.Tensor, fs: tf.Tensor): tf.Scalar =>
            tf.sum(tf.mul(tf.conv2d(xs as tf.Tensor4D, fs as tf.Tensor4D, 1, c.pad), weights));
          const y = tf.conv2d(tf.tensor4d(x, xShape as Shape4), tf.tensor4d(f, fShape as Shape4), 1, c.pad);
          return [...tf.grads(loss)([tf.tensor(x, xShape), tf.tensor(f, fShape)]), y];
        };
        const [dxCpu, dfCpu, yCpu] = await onBackend('cpu', gradients);
        await tf.setBackend('wasm');
        const idsBefore = tf.backend().numDataIds();
        const [dxWasm, dfWasm, yWasm] = await onBackend('wasm', gradients);
        expect(relativeError(yWasm, yCpu)).toBeLessThan(1e-4);
        expect(tf.backend().numDataIds()).toBe(idsBefore); // no leaked intermediates
        expect(relativeError(dfWasm, dfCpu)).toBeLessThan(1e-4);
        expect(relativeError(dxWasm, dxCpu)).toBeLessThan(1e-4);
      });
    });

    describe('conv2d kernels beyond stride 1 / NHWC', () => {
      type Attrs = {
        strides: number | [number, number];
        pad: 'same' | 'valid' | number | [[number, number], [number, number], [number, number], [number, number]];
        dataFormat: 'NHWC' | 'NCHW';
      };
      type Shape4 = [number, number, number, number];
      const kernelCases: [string, Shape4, Shape4, Attrs][] = [
        ['stride 2 same', [3, 10, 7, 4], [3, 3, 4, 6], { strides: 2, pad: 'same', dataFormat: 'NHWC' }],
        ['strides 2x3 valid', [3, 10, 7, 4], [3, 2, 4, 6], { strides: [2, 3], pad: 'valid', dataFormat: 'NHWC' }],
        ['stride 2, pad 1', [2, 9, 9, 3], [3, 3, 3, 5], { strides: 2, pad: 1, dataFormat: 'NHWC' }],
        ['explicit pad 2', [3, 10, 7, 4], [3, 3, 4, 6], { strides: 1, pad: 2, dataFormat: 'NHWC' }],
        [
          'asymmetric explicit pad',
          [1, 6, 6, 2],
          [2, 2, 2, 3],
          {
            strides: 1,
            pad: [
              [0, 0],
              [1, 0],
              [0, 1],
              [0, 0],
            ],
            dataFormat: 'NHWC',
          },
        ],
        ['pad wider than the filter (input grad falls back)', [2, 6, 6, 2], [3, 3, 2, 3], { strides: 1, pad: 3, dataFormat: 'NHWC' }],
        ['NCHW same', [2, 3, 9, 11], [3, 3, 3, 5], { strides: 1, pad: 'same', dataFormat: 'NCHW' }],
        ['NCHW stride 2 valid', [2, 3, 9, 11], [3, 3, 3, 5], { strides: 2, pad: 'valid', dataFormat: 'NCHW' }],
      ];

      it.each(kernelCases)('%s', async (_name, xShape, fShape, attrs) => {
        const rng = new Rng(7).derive('kernel', _name);
        await tf.setBackend('cpu');
        const yShape = tf.tidy(
          () =>
            tf.conv2d(tf.zeros(xShape) as tf.Tensor4D, tf.zeros(fShape) as tf.Tensor4D, attrs.strides, attrs.pad, attrs.dataFormat).shape,
        );
        const x = normals(
          rng,
          xShape.reduce((a, b) => a * b),
        );
        const f = normals(
          rng,
          fShape.reduce((a, b) => a * b),
        );
        const dy = normals(
          rng,
          yShape.reduce((a, b) => a * b),
        );
        const run = (): tf.Tensor[] => {
          // wasm's forward conv2d is NHWC only (NCHW cases compare the gradients alone).
          const forward =
            attrs.dataFormat === 'NHWC'
              ? tf.conv2d(tf.tensor4d(x, xShape), tf.tensor4d(f, fShape), attrs.strides, attrs.pad)
              : tf.zeros([1]);
          const filterGrad = tf.engine().runKernel(
            'Conv2DBackpropFilter',
            { x: tf.tensor(x, xShape), dy: tf.tensor(dy, yShape) },
            {
              ...attrs,
              filterShape: fShape,
            },
          ) as tf.Tensor;
          const inputGrad = tf.engine().runKernel(
            'Conv2DBackpropInput',
            { dy: tf.tensor(dy, yShape), filter: tf.tensor(f, fShape) },
            {
              ...attrs,
              inputShape: xShape,
            },
          ) as tf.Tensor;
          expect(filterGrad.shape).toEqual(fShape);
          expect(inputGrad.shape).toEqual(xShape);
          return [filterGrad, inputGrad, forward];
        };
        const [dfCpu, dxCpu, yCpu] = await onBackend('cpu', run);
        await tf.setBackend('wasm');
        const idsBefore = tf.backend().numDataIds();
        const [dfWasm, dxWasm, yWasm] = await onBackend('wasm', run);
        expect(relativeError(yWasm, yCpu)).toBeLessThan(1e-4);
        expect(tf.backend().numDataIds()).toBe(idsBefore);
        expect(relativeError(dfWasm, dfCpu)).toBeLessThan(1e-4);
        expect(relativeError(dxWasm, dxCpu)).toBeLessThan(1e-4);
      });
    });
  });
}
