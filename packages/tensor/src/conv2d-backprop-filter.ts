/**
 * Conv2DBackpropFilter (the filter gradient of conv2d) composed from Transpose, Slice and Conv2D.
 *
 * With x padded as the forward pass padded it, the gradient is
 *   dW[p, q, c, o] = sum over b, i, j of  xpad[b, i*sh + p, j*sw + q, c] * dy[b, i, j, o].
 * Read x as a batch of C images of size H x W with B channels ([C, H, W, B]) and dy as a filter
 * of size Ho x Wo mapping B channels to O ([Ho, Wo, B, O]): the sum is then an ordinary 'valid'
 * convolution with stride 1 and dilation (sh, sw), whose [C, fh, fw, O] result is transposed
 * back to [fh, fw, C, O]. The forward padding is passed to that convolution as explicit padding;
 * where a stride leaves rows or columns of x unread at the far edge, they are sliced off.
 */
import type { Conv2DBackpropFilterAttrs, KernelBackend, KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';
import { conv2dGeometry, nhwcPadding } from './conv-geometry.js';
import { withKernelScope } from './kernel-scope.js';

/** The filter-gradient kernel for `backendName`, built from that backend's own kernels. */
export function composedConv2DBackpropFilter(backendName: string): KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { x, dy } = inputs;
    if (x === undefined || dy === undefined) throw new Error('Conv2DBackpropFilter needs inputs x and dy');
    return conv2dBackpropFilter(x, dy, attrs as unknown as Conv2DBackpropFilterAttrs, backend as KernelBackend, backendName);
  };
}

function conv2dBackpropFilter(
  x: TensorInfo,
  dy: TensorInfo,
  attrs: Conv2DBackpropFilterAttrs,
  backend: KernelBackend,
  backendName: string,
): TensorInfo {
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs;
  const info = conv2dGeometry(x.shape, filterShape, strides, pad, dimRoundingMode, dataFormat);
  const channelsLast = info.dataFormat === 'channelsLast';
  const dyHeight = channelsLast ? dy.shape[1] : dy.shape[2];
  const dyWidth = channelsLast ? dy.shape[2] : dy.shape[3];
  if (dyHeight !== info.outHeight || dyWidth !== info.outWidth || info.outHeight < 1 || info.outWidth < 1) {
    throw new Error(
      `Conv2DBackpropFilter: dy shape [${dy.shape.join(',')}] does not match the convolution output ` + `[${info.outShape.join(',')}]`,
    );
  }
  const { strideHeight: sh, strideWidth: sw, filterHeight: fh, filterWidth: fw } = info;
  const { top, left } = info.padInfo;
  // Padded extent the windows actually read, and the far-edge padding that gives exactly it.
  let bottom = (info.outHeight - 1) * sh + fh - top - info.inHeight;
  let right = (info.outWidth - 1) * sw + fw - left - info.inWidth;

  return withKernelScope(backend, backendName, (scope) => {
    let xT = scope.run('Transpose', { x }, { perm: channelsLast ? [3, 1, 2, 0] : [1, 2, 3, 0] });
    if (bottom < 0 || right < 0) {
      const [c, h, w, b] = xT.shape;
      xT = scope.run('Slice', { x: xT }, { begin: [0, 0, 0, 0], size: [c, h + Math.min(bottom, 0), w + Math.min(right, 0), b] });
      bottom = Math.max(bottom, 0);
      right = Math.max(right, 0);
    }
    const dyT = scope.run('Transpose', { x: dy }, { perm: channelsLast ? [1, 2, 0, 3] : [2, 3, 0, 1] });
    const convAttrs: NamedAttrMap = {
      strides: [1, 1],
      pad: nhwcPadding(top, bottom, left, right),
      dataFormat: 'NHWC',
      dilations: [sh, sw],
    };
    const grad = scope.run('Conv2D', { x: xT, filter: dyT }, convAttrs); // [C, fh, fw, O]
    return scope.run('Transpose', { x: grad }, { perm: [1, 2, 0, 3] });
  });
}
