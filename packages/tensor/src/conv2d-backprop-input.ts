/**
 * Conv2DBackpropInput (the input gradient of conv2d) composed as a forward convolution, for
 * stride 1:
 *   dx[b, h, w, c] = sum over p, q, o of  dy[b, h + top - p, w + left - q, o] * W[p, q, c, o],
 * which is conv2d of dy with the filter reversed in both spatial axes and its in/out channels
 * swapped ([fh, fw, O, C]), padded by (fh-1-top, fh-1-bottom) rows and (fw-1-left, fw-1-right)
 * columns. Strides above 1, and paddings wider than the filter, go to `fallback` (the backend's
 * own kernel).
 */
import type { Conv2DBackpropInputAttrs, KernelBackend, KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { conv2dGeometry, nhwcPadding } from './conv-geometry.js';
import { withKernelScope } from './kernel-scope.js';

/** The input-gradient kernel for `backendName`; cases it does not cover run `fallback`. */
export function composedConv2DBackpropInput(backendName: string, fallback: KernelFunc): KernelFunc {
  return (args) => {
    const { dy, filter } = args.inputs;
    if (dy === undefined || filter === undefined) throw new Error('Conv2DBackpropInput needs inputs dy and filter');
    const attrs = args.attrs as unknown as Conv2DBackpropInputAttrs;
    const { strides, pad, dataFormat, dimRoundingMode, inputShape } = attrs;
    const info = conv2dGeometry(inputShape, filter.shape, strides, pad, dimRoundingMode, dataFormat);
    const { top, bottom, left, right } = info.padInfo;
    const padding = nhwcPadding(
      info.filterHeight - 1 - top,
      info.filterHeight - 1 - bottom,
      info.filterWidth - 1 - left,
      info.filterWidth - 1 - right,
    );
    const covered =
      info.strideHeight === 1 &&
      info.strideWidth === 1 &&
      padding.every(([before, after]) => before >= 0 && after >= 0) &&
      dy.dtype === 'float32' &&
      filter.dtype === 'float32';
    if (!covered) return fallback(args);
    const channelsLast = info.dataFormat === 'channelsLast';
    const backend = args.backend as KernelBackend;

    return withKernelScope(backend, backendName, (scope): TensorInfo => {
      const dyNhwc = channelsLast ? dy : scope.run('Transpose', { x: dy }, { perm: [0, 2, 3, 1] });
      const reversed = scope.run('Reverse', { x: filter }, { dims: [0, 1] });
      const swapped = scope.run('Transpose', { x: reversed }, { perm: [0, 1, 3, 2] }); // [fh, fw, O, C]
      const dx = scope.run(
        'Conv2D',
        { x: dyNhwc, filter: swapped },
        { strides: [1, 1], pad: padding, dataFormat: 'NHWC', dilations: [1, 1] },
      );
      return channelsLast ? dx : scope.run('Transpose', { x: dx }, { perm: [0, 3, 1, 2] });
    });
  };
}
