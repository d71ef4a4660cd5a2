/**
 * Size checks of a run config from what it will allocate, before anything is loaded: the dataset
 * as float32 images (synthetic sizes come from the config) and, for the mlp, its layer widths. After
 * loading, the clients must fit the training set: every client needs at least one sample.
 */
import { SYNTHETIC_DEFAULTS, type DatasetSplits } from '@fedrank/data';
import type { RunConfig } from '@fedrank/server';
import { CliError } from './user-error.js';
import { checkMemory } from './resource-limit.js';

/** Float32 copies of the images held at once (the normalized arrays and the training batches built from them). */
const DATA_COPIES = 2;
/** Float32 arrays per mlp parameter: weights, scores, masks, gradients, momentum, the aggregate and client copies. */
const MODEL_COPIES = 8;

interface Shape {
  samples: number;
  pixels: number;
  classes: number;
}

function datasetShape(config: RunConfig): Shape {
  switch (config.data.dataset) {
    case 'mnist':
    case 'fashion-mnist':
      return { samples: 70_000, pixels: 28 * 28, classes: 10 };
    case 'mnist-bundled':
      return { samples: 10_000, pixels: 28 * 28, classes: 10 };
    case 'cifar10':
      return { samples: 60_000, pixels: 32 * 32 * 3, classes: 10 };
    case 'synthetic': {
      const s = { ...SYNTHETIC_DEFAULTS, ...config.data.synthetic };
      return { samples: s.trainSize + s.testSize, pixels: s.height * s.width * s.channels, classes: s.numClasses };
    }
  }
}

/** Rejects a config whose dataset or mlp would need more than `limit` bytes. */
export function checkRunSize(config: RunConfig, limit: number): void {
  const shape = datasetShape(config);
  if (config.data.dataset === 'synthetic') {
    const s = config.data.synthetic ?? {};
    const what = `${shape.samples} synthetic images of ${s.height ?? SYNTHETIC_DEFAULTS.height}x${s.width ?? SYNTHETIC_DEFAULTS.width}x${s.channels ?? SYNTHETIC_DEFAULTS.channels}`;
    checkMemory('data.synthetic', what, shape.samples * shape.pixels * 4 * DATA_COPIES, limit);
  }
  if (config.model.arch === 'mlp' && config.model.hidden) {
    const widths = [shape.pixels, ...config.model.hidden, shape.classes];
    let params = 0;
    for (let i = 1; i < widths.length; i++) params += widths[i - 1] * widths[i];
    checkMemory(
      'model.hidden',
      `an mlp of widths [${config.model.hidden.join(', ')}] (${params.toPrecision(3)} weights)`,
      params * 4 * MODEL_COPIES,
      limit,
    );
  }
}

/** Every client needs at least one training sample. */
export function checkClientsFit(config: RunConfig, data: DatasetSplits): void {
  const clients = config.federation.clients;
  if (clients > data.train.count) {
    throw new CliError(
      `federation.clients: ${clients} clients need at least 1 training sample each, but the training set has ${data.train.count} samples (at most ${data.train.count} clients)`,
      'federation.clients',
    );
  }
}
