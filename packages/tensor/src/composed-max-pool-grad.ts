/**
 * The MAX_POOL_2X2_GRAD kernel composed from a backend's own kernels, for WebGPU: tfjs-webgpu's
 * MaxPoolGrad sends a window's gradient to its last maximum (its positions shader compares with
 * >=), where tfjs's cpu backend and PyTorch's max_pool2d send it to the first in row-major order,
 * and supermask activations tie often (see max-pool-2x2.ts).
 *
 * With the four positions of each window side by side, xw [B * H/2 * W/2 * C, 4] (row-major order):
 *   first = (xw == max(xw)) and no earlier position equal to the max (exclusive cumsum == 0),
 *   dx    = first * dy, put back into the [B, H, W, C] layout.
 * Only multiplications by 0 and 1: the result equals the cpu backend's exactly.
 */
import type { KernelBackend, KernelFunc } from '@tensorflow/tfjs';
import { withKernelScope } from './kernel-scope.js';
import { maxPool2x2GradInputs } from './native-max-pool-grad.js';

export function composedMaxPool2x2Grad(backendName: string): KernelFunc {
  return (args) => {
    const { x, dy, shape } = maxPool2x2GradInputs(args.inputs);
    const [b, h, w, c] = shape;
    const h2 = h / 2;
    const w2 = w / 2;
    return withKernelScope(args.backend as KernelBackend, backendName, (scope) => {
      const split = scope.run('Reshape', { x }, { shape: [b, h2, 2, w2, 2, c] });
      const windows = scope.run(
        'Reshape',
        { x: scope.run('Transpose', { x: split }, { perm: [0, 1, 3, 5, 2, 4] }) },
        { shape: [b * h2 * w2 * c, 4] },
      );
      const max = scope.run('Max', { x: windows }, { reductionIndices: [1], keepDims: true });
      const isMax = scope.run('Cast', { x: scope.run('Equal', { a: windows, b: max }) }, { dtype: 'float32' });
      const before = scope.run('Cumsum', { x: isMax }, { axis: 1, exclusive: true, reverse: false });
      const none = scope.run('Fill', {}, { shape: [1], value: 0, dtype: 'float32' });
      const noneBefore = scope.run('Cast', { x: scope.run('Equal', { a: before, b: none }) }, { dtype: 'float32' });
      const first = scope.run('Multiply', { a: isMax, b: noneBefore });
      const dyw = scope.run('Reshape', { x: dy }, { shape: [b * h2 * w2 * c, 1] });
      const dxw = scope.run('Multiply', { a: first, b: dyw });
      const dx6 = scope.run(
        'Transpose',
        { x: scope.run('Reshape', { x: dxw }, { shape: [b, h2, w2, c, 2, 2] }) },
        { perm: [0, 1, 4, 2, 5, 3] },
      );
      return scope.run('Reshape', { x: dx6 }, { shape: [b, h, w, c] });
    });
  };
}
