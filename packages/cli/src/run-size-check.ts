/**
 * Size checks of a run config from what it will allocate, before anything is loaded: the dataset
 * as float32 images (synthetic sizes come from the config), for the mlp its layer widths, and then
 * the whole run's estimated peak memory (run-memory-estimate.ts: data, model and activations, the
 * round's uploads, the workers), naming the key of its largest part. After loading, the clients
 * must fit the training set: every client needs at least one sample.
 */
import { SYNTHETIC_DEFAULTS, type DatasetSplits } from '@fedrank/data';
import type { RunConfig } from '@fedrank/server';
import { CliError } from './user-error.js';
import { checkMemory, formatBytes } from './resource-limit.js';
import { DATA_COPIES, MODEL_COPIES, datasetShape, estimateRunMemory } from './run-memory-estimate.js';

/** Rejects a config whose dataset, mlp or whole run would need more than `limit` bytes. */
export function checkRunSize(config: RunConfig, limit: number): void {
  const shape = datasetShape(config);
  if (shape === undefined) return;
  const pixels = shape.height * shape.width * shape.channels;
  if (!('module' in config.data) && config.data.dataset === 'synthetic') {
    const s = config.data.synthetic ?? {};
    const what = `${shape.samples} synthetic images of ${s.height ?? SYNTHETIC_DEFAULTS.height}x${s.width ?? SYNTHETIC_DEFAULTS.width}x${s.channels ?? SYNTHETIC_DEFAULTS.channels}`;
    checkMemory('data.synthetic', what, shape.samples * pixels * 4 * DATA_COPIES, limit);
  }
  if (config.model.arch === 'mlp' && config.model.hidden) {
    const widths = [pixels, ...config.model.hidden, shape.classes];
    let params = 0;
    for (let i = 1; i < widths.length; i++) params += widths[i - 1] * widths[i];
    checkMemory(
      'model.hidden',
      `an mlp of widths [${config.model.hidden.join(', ')}] (${params.toPrecision(3)} weights)`,
      params * 4 * MODEL_COPIES,
      limit,
    );
  }
  const run = estimateRunMemory(config);
  if (run === undefined || run.total <= limit) return;
  const top = run.parts.reduce((a, b) => (b.bytes > a.bytes ? b : a));
  throw new CliError(
    `${top.key}: the run would need about ${formatBytes(run.total)}, over the limit of ${formatBytes(limit)}: ${formatBytes(top.bytes)} for ${top.what}; raise the limit with --max-memory MiB`,
    top.key,
  );
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
