/** @fedrank/data: image datasets (MNIST, Fashion-MNIST, bundled MNIST, synthetic, CIFAR-10) and client partitioners. */
export type { Dataset, DatasetSplits, DatasetName, DatasetSpec, SyntheticSpec } from './types.js';
export { DATASET_NAMES } from './types.js';
export { DataError } from './errors.js';
export { loadDataset } from './load.js';
export { loadIdxDataset, type IdxLoadOptions } from './mnist.js';
export { IDX_DATASETS, CIFAR10_URL, type IdxDatasetName, type IdxDatasetInfo } from './catalog.js';
export { loadMnistBundled, DEFAULT_BUNDLED_TEST_FRACTION } from './bundled.js';
export { makeSynthetic, resolveSyntheticSpec, SYNTHETIC_DEFAULTS } from './synthetic.js';
export { loadCifar10, parseCifarBatch, cifarBatchesToDataset, type CifarBatch, type CifarLoadOptions } from './cifar10.js';
export { parseIdx, readIdxFile, encodeIdx, type IdxArray } from './idx.js';
export {
  MNIST_MEAN,
  MNIST_STD,
  FASHION_MNIST_MEAN,
  FASHION_MNIST_STD,
  CIFAR10_MEAN,
  CIFAR10_STD,
  byteLut,
  normalizeBytes,
} from './normalization.js';
export { makeDataset, classCounts, selectSamples, type DatasetShape } from './dataset.js';
export {
  partitionDataset,
  partitionStats,
  readPartitionFile,
  formatPartitionFile,
  PARTITION_FILE_FORMAT,
  type PartitionSpec,
  type PartitionStats,
} from './partition/index.js';
export { sharedFloat32Array, sharedUint8Array } from './shared-arrays.js';
