/**
 * Coordinate-wise statistics of a list of updates (flat Float32Array weight deltas): mean,
 * unbiased standard deviation, minimum and maximum, accumulated in float64. The loops run over
 * one update at a time (sequential access). The mean and deviation run natively where the addon
 * is built, with the same sums in the same order (the same values bit for bit).
 */
import { loadNative, NATIVE_MIN_LENGTH } from '@fedrank/native';

const native = loadNative();

/** Coordinate-wise mean, float64. */
export function coordinateMean(updates: readonly Float32Array[]): Float64Array {
  const n = updates.length;
  const dim = updates[0].length;
  if (native.available && dim >= NATIVE_MIN_LENGTH) {
    const mean = new Float64Array(dim);
    native.kernels.coordinateMeanStd(updates, mean, null);
    return mean;
  }
  const sum = new Float64Array(dim);
  for (let i = 0; i < n; i++) addInto(sum, updates[i]);
  const inv = 1 / n;
  for (let j = 0; j < dim; j++) sum[j] *= inv;
  return sum;
}

function addInto(acc: Float64Array, x: Float32Array): void {
  const dim = acc.length;
  for (let j = 0; j < dim; j++) acc[j] += x[j];
}

function addSquaredDeviationInto(acc: Float64Array, x: Float32Array, mean: Float64Array): void {
  const dim = acc.length;
  for (let j = 0; j < dim; j++) {
    const d = x[j] - mean[j];
    acc[j] += d * d;
  }
}

/**
 * Coordinate-wise mean and standard deviation (two passes, float64). The std is the unbiased one
 * (divides by n - 1, as torch.std does); with a single update it is 0 (torch would give NaN).
 */
export function coordinateMeanStd(updates: readonly Float32Array[]): { mean: Float64Array; std: Float64Array } {
  const n = updates.length;
  if (native.available && updates[0].length >= NATIVE_MIN_LENGTH) {
    const mean = new Float64Array(updates[0].length);
    const std = new Float64Array(mean.length);
    native.kernels.coordinateMeanStd(updates, mean, std);
    return { mean, std };
  }
  const mean = coordinateMean(updates);
  const dim = mean.length;
  const std = new Float64Array(dim);
  if (n < 2) return { mean, std };
  for (let i = 0; i < n; i++) addSquaredDeviationInto(std, updates[i], mean);
  const inv = 1 / (n - 1);
  for (let j = 0; j < dim; j++) std[j] = Math.sqrt(std[j] * inv);
  return { mean, std };
}

/** Coordinate-wise minimum and maximum. */
export function coordinateMinMax(updates: readonly Float32Array[]): { min: Float64Array; max: Float64Array } {
  const min = Float64Array.from(updates[0]);
  const max = Float64Array.from(updates[0]);
  for (let i = 1; i < updates.length; i++) minMaxInto(min, max, updates[i]);
  return { min, max };
}

function minMaxInto(min: Float64Array, max: Float64Array, x: Float32Array): void {
  const dim = min.length;
  for (let j = 0; j < dim; j++) {
    const v = x[j];
    if (v < min[j]) min[j] = v;
    if (v > max[j]) max[j] = v;
  }
}
