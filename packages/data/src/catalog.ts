/**
 * Where each file-based dataset lives: its file names, the public URLs to download it from,
 * and the directories searched when no `data.dir` is given.
 */
import { resolve } from 'node:path';

/** Default directory for a dataset when no data.dir is given: `./data/<name>` (downloads go there too). */
export function defaultDataDir(name: string): string {
  return resolve('data', name);
}

export type IdxDatasetName = 'mnist' | 'fashion-mnist';

export interface IdxFileNames {
  trainImages: string;
  trainLabels: string;
  testImages: string;
  testLabels: string;
}

export interface IdxDatasetInfo {
  name: IdxDatasetName;
  /** Base names without `.gz`; the reader also accepts the gzipped form. */
  files: IdxFileNames;
  /** Base URLs (tried in order) under which `<file>.gz` can be fetched. */
  urls: readonly string[];
  /** Directories used when the spec gives no dir, first existing wins. */
  systemDirs: readonly string[];
  /** Extra advice for an error about missing files. */
  installHint?: string;
}

const IDX_FILES: IdxFileNames = {
  trainImages: 'train-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
};

export const IDX_DATASETS: Readonly<Record<IdxDatasetName, IdxDatasetInfo>> = {
  mnist: {
    name: 'mnist',
    files: IDX_FILES,
    urls: ['https://ossci-datasets.s3.amazonaws.com/mnist/', 'http://yann.lecun.com/exdb/mnist/'],
    systemDirs: [],
  },
  'fashion-mnist': {
    name: 'fashion-mnist',
    files: IDX_FILES,
    urls: ['http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/'],
    systemDirs: ['/usr/share/datasets/fashion-mnist'],
    installHint: 'apt-get install dataset-fashion-mnist',
  },
};

export const CIFAR10_TRAIN_FILES: readonly string[] = [1, 2, 3, 4, 5].map((i) => `data_batch_${i}.bin`);
export const CIFAR10_TEST_FILE = 'test_batch.bin';
/** The tarball's top-level folder; the loader looks in `dir` and in `dir/<this>`. */
export const CIFAR10_SUBDIR = 'cifar-10-batches-bin';
export const CIFAR10_URL = 'https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz';
