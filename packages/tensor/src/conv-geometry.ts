/**
 * Geometry of a 2-D convolution as the gradient kernels need it: tfjs's own `computeConv2DInfo`
 * (so padding, rounding and data-format rules are exactly the ones the forward kernel used), plus
 * the layout permutations between NHWC/NCHW and the layouts the compositions work in.
 */
import { backend_util, type Conv2DBackpropFilterAttrs } from '@tensorflow/tfjs';

export type Shape4D = [number, number, number, number];
export type ConvPad = Conv2DBackpropFilterAttrs['pad'];
export type DataFormat = Conv2DBackpropFilterAttrs['dataFormat'];
export type RoundingMode = Conv2DBackpropFilterAttrs['dimRoundingMode'];
export type Conv2DInfo = backend_util.Conv2DInfo;

/** Shape of the convolution with dilation 1, as tfjs's cpu kernels compute it. */
export function conv2dGeometry(
  inputShape: readonly number[],
  filterShape: readonly number[],
  strides: [number, number] | number,
  pad: ConvPad,
  dimRoundingMode: RoundingMode,
  dataFormat: DataFormat,
): Conv2DInfo {
  return backend_util.computeConv2DInfo(
    asShape4D(inputShape, 'input'),
    asShape4D(filterShape, 'filter'),
    strides,
    1,
    pad,
    dimRoundingMode,
    false,
    backend_util.convertConv2DDataFormat(dataFormat ?? 'NHWC'),
  );
}

/** Explicit NHWC padding `[[0,0],[top,bottom],[left,right],[0,0]]` as a kernel attribute. */
export function nhwcPadding(top: number, bottom: number, left: number, right: number): number[][] {
  return [
    [0, 0],
    [top, bottom],
    [left, right],
    [0, 0],
  ];
}

export function asShape4D(shape: readonly number[], what: string): Shape4D {
  if (shape.length !== 4) throw new Error(`conv2d ${what} must be rank 4, got shape [${shape.join(',')}]`);
  return [shape[0], shape[1], shape[2], shape[3]];
}
