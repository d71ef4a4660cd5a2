/**
 * Small helpers on Dataset values: construction with shape checks, per-class counts, and
 * selecting a subset of samples (e.g. one client's share) into a new Dataset.
 */
import type { Dataset } from './types.js';
import { sharedFloat32Array, sharedUint8Array } from './shared-arrays.js';

export interface DatasetShape {
  name: string;
  height: number;
  width: number;
  channels: number;
  numClasses: number;
}

/** Builds a Dataset, checking that images and labels agree with the shape. */
export function makeDataset(shape: DatasetShape, images: Float32Array, labels: Uint8Array): Dataset {
  const per = shape.height * shape.width * shape.channels;
  const count = labels.length;
  if (images.length !== count * per) {
    throw new RangeError(`makeDataset(${shape.name}): ${images.length} pixels for ${count} labels of ${per} pixels each`);
  }
  return { ...shape, images, labels, count };
}

/** Number of samples per class. */
export function classCounts(labels: Uint8Array, numClasses: number): number[] {
  const counts = new Array<number>(numClasses).fill(0);
  for (let i = 0; i < labels.length; i++) counts[labels[i]]++;
  return counts;
}

/** The samples at `indices` (in that order) as a new Dataset with copied arrays. */
export function selectSamples(ds: Dataset, indices: ArrayLike<number>): Dataset {
  const per = ds.height * ds.width * ds.channels;
  const images = sharedFloat32Array(indices.length * per);
  const labels = sharedUint8Array(indices.length);
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k];
    if (!(i >= 0 && i < ds.count)) throw new RangeError(`selectSamples(${ds.name}): index ${i} outside 0..${ds.count - 1}`);
    images.set(ds.images.subarray(i * per, (i + 1) * per), k * per);
    labels[k] = ds.labels[i];
  }
  return { ...ds, images, labels, count: indices.length };
}
