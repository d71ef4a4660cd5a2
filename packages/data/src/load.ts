/**
 * loadDataset: the package's entry point. Checks the spec and dispatches to the loader of the
 * named dataset.
 */
import { DataError } from './errors.js';
import { DATASET_NAMES, type DatasetSpec, type DatasetSplits } from './types.js';
import { loadIdxDataset } from './mnist.js';
import { loadMnistBundled, DEFAULT_BUNDLED_TEST_FRACTION } from './bundled.js';
import { makeSynthetic } from './synthetic.js';
import { loadCifar10 } from './cifar10.js';

export async function loadDataset(spec: DatasetSpec): Promise<DatasetSplits> {
  if (spec.dir !== undefined && typeof spec.dir !== 'string') {
    throw new DataError('data.dir', `data.dir: expected a directory path, got ${typeof spec.dir}`);
  }
  const opts = { dir: spec.dir, download: spec.download === true };
  switch (spec.dataset) {
    case 'mnist':
    case 'fashion-mnist':
      return loadIdxDataset(spec.dataset, opts);
    case 'mnist-bundled':
      return loadMnistBundled(spec.bundledTestFraction ?? DEFAULT_BUNDLED_TEST_FRACTION);
    case 'synthetic':
      return makeSynthetic(spec.synthetic);
    case 'cifar10':
      return loadCifar10(opts);
    default: {
      const name: unknown = (spec as { dataset: unknown }).dataset;
      throw new DataError('data.dataset', `data.dataset: expected one of ${DATASET_NAMES.join(', ')}, got ${String(name)}`);
    }
  }
}
