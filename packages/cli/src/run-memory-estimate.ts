/**
 * The peak memory a run will hold, estimated from its config before anything is loaded, in parts
 * that each name the config key that sizes them:
 *   --max-memory            node, tfjs and its backend in the main thread (named when the limit is below it)
 *   data                    the dataset's images as float32 and what loading them takes
 *   model.arch              the model's arrays (weights, scores, masks, gradients, momentum, the
 *                           global model) and, without workers, the activations of a training and
 *                           an evaluation batch
 *   federation.clientsPerRound  the round's uploads, each a ranking of the n edges (Uint32) or dense
 *                           weights (Float32): all of them for a rule that holds every update, about
 *                           one per worker in flight for a rule that folds them as they arrive
 *                           (frl-vote, fedavg, signsgd-mv, unless the attacker sees the benign
 *                           updates), and the attacker's pool of copies when there is an attack
 *   workers                 per worker thread: its runtime, its model copies and the activations of
 *                           a training and an evaluation batch (the dataset is shared memory)
 * The constants are calibrated against measured peak RSS (benchmarks/memory-estimate.mjs prints
 * estimate and measurement side by side) so that the estimate stays at or above the measurement.
 * A dataset plugin's size is unknown before it loads: its data part is left out.
 */
import { SYNTHETIC_DEFAULTS } from '@fedrank/data';
import { aggregatorConsumes, createAggregator, architectureOf, resolveThreatModel, resolveWorkers, type RunConfig } from '@fedrank/server';
import type { Architecture } from '@fedrank/supermask';

/** Main-thread runtime: node, tfjs, the backend, the CLI's modules (a run of a tiny mlp peaks at about 175 MiB). */
export const RUNTIME_BYTES = 200 * 2 ** 20;
/** A worker thread's runtime: its own isolate, tfjs and backend (about 40 MiB per worker for a tiny mlp). */
export const WORKER_RUNTIME_BYTES = 80 * 2 ** 20;
/** Float32 copies of the images held at once (the normalized arrays and the raw bytes they came from). */
export const DATA_COPIES = 2;
/** Bytes per pixel while mnist-bundled loads: its JSON text and parsed number arrays besides the float32 images. */
const BUNDLED_JSON_BYTES_PER_PIXEL = 14;
/** Float32 arrays per model edge, in the main thread and in each worker: frozen weights, scores, masks, gradients, momentum, the global model. */
export const MODEL_COPIES = 6;
/** Copies of each client's upload the round holds: the upload and its decoded form. */
const UPLOAD_COPIES = 2;
/** Activations per evaluation sample: the batch's outputs, kept to the end of the pass, and the backend's scratch. */
const EVALUATION_ACTIVATION_COPIES = 3;
/** Activations per training sample: forward outputs, their gradients and the backend's scratch. */
const TRAINING_ACTIVATION_COPIES = 3;

export interface DataShape {
  samples: number;
  height: number;
  width: number;
  channels: number;
  classes: number;
}

export interface MemoryPart {
  /** The config key that sizes this part (named when the estimate is over the limit). */
  key: string;
  what: string;
  bytes: number;
}

export interface RunMemoryEstimate {
  parts: MemoryPart[];
  total: number;
}

/** The built-in dataset's size; undefined for a dataset plugin (its loader checks what it returns). */
export function datasetShape(config: RunConfig): DataShape | undefined {
  const data = config.data;
  if ('module' in data) return undefined;
  switch (data.dataset) {
    case 'mnist':
    case 'fashion-mnist':
      return { samples: 70_000, height: 28, width: 28, channels: 1, classes: 10 };
    case 'mnist-bundled':
      return { samples: 10_000, height: 28, width: 28, channels: 1, classes: 10 };
    case 'cifar10':
      return { samples: 60_000, height: 32, width: 32, channels: 3, classes: 10 };
    case 'synthetic': {
      const s = { ...SYNTHETIC_DEFAULTS, ...data.synthetic };
      return { samples: s.trainSize + s.testSize, height: s.height, width: s.width, channels: s.channels, classes: s.numClasses };
    }
  }
}

/** Floats one sample's forward pass produces: every conv, relu, pool and dense output. */
export function activationsPerSample(arch: Architecture): number {
  let h = arch.input.height;
  let w = arch.input.width;
  let c = arch.input.channels;
  let flat = h * w * c;
  let layer = 0;
  let total = flat;
  for (const { op } of arch.ops) {
    if (op === 'conv') {
      c = arch.layers[layer++].units;
      flat = h * w * c;
    } else if (op === 'pool') {
      h = Math.floor(h / 2);
      w = Math.floor(w / 2);
      flat = h * w * c;
    } else if (op === 'dense') {
      flat = arch.layers[layer++].units;
    } else if (op === 'flatten') {
      continue; // a reshape, no new values
    }
    total += flat;
  }
  return total;
}

const mib = (n: number): string => `${Math.ceil(n / 2 ** 20)} MiB`;

/**
 * The run's estimated peak memory by part; undefined for a dataset plugin, whose image shape is
 * only known once it has loaded. Throws ArchitectureError for an image too small for the model.
 */
export function estimateRunMemory(config: RunConfig): RunMemoryEstimate | undefined {
  const shape = datasetShape(config);
  if (shape === undefined) return undefined;
  const arch = architectureOf(config.model, {
    height: shape.height,
    width: shape.width,
    channels: shape.channels,
    numClasses: shape.classes,
  });
  const edges = arch.totalEdges;
  const acts = activationsPerSample(arch);
  const pixels = shape.height * shape.width * shape.channels;
  const bundled = !('module' in config.data) && config.data.dataset === 'mnist-bundled';
  const { clientsPerRound } = config.federation;
  const workers = resolveWorkers(config.workers);
  // Clients train and the test set is evaluated where the clients run: in each worker, or in the main thread without workers.
  const batches =
    config.training.batchSize * acts * 4 * TRAINING_ACTIVATION_COPIES +
    config.evaluation.batchSize * acts * 4 * EVALUATION_ACTIVATION_COPIES;
  const ranking = aggregatorConsumes(config.aggregator.kind) === 'ranking';
  const pooled = config.attack.kind === 'none' ? 0 : clientsPerRound;
  // A rule with a fold takes each upload as it arrives (round/aggregate.ts); out-of-order
  // arrivals wait for their predecessors, about one per worker. An attacker that sees the benign
  // updates keeps them all.
  const folds =
    typeof createAggregator(config.aggregator).fold === 'function' &&
    !(config.attack.kind !== 'none' && resolveThreatModel(config.attack).seesBenign);
  const held = folds ? Math.min(clientsPerRound, Math.max(1, workers) + 1) : clientsPerRound;
  const image = `${shape.height}x${shape.width}x${shape.channels}`;

  const parts: MemoryPart[] = [
    { key: '--max-memory', what: 'node, tfjs and its backend', bytes: RUNTIME_BYTES },
    {
      key: 'data',
      what: `${shape.samples} images of ${image} as float32`,
      bytes: shape.samples * pixels * (bundled ? BUNDLED_JSON_BYTES_PER_PIXEL : 4 * DATA_COPIES),
    },
    {
      key: 'model.arch',
      what: `a ${arch.name} of ${edges.toPrecision(3)} edges on ${image} images (${acts.toPrecision(3)} activations per image)`,
      bytes: edges * 4 * MODEL_COPIES + (workers === 0 ? batches : 0),
    },
    {
      key: 'federation.clientsPerRound',
      what: `${folds ? `${held} of ` : ''}the round's ${clientsPerRound} uploads (${ranking ? 'rankings' : 'dense weights'} of ${edges.toPrecision(3)} edges as ${ranking ? 'Uint32' : 'Float32'})${pooled ? ' and the attack pool' : ''}`,
      bytes: (held + pooled) * edges * 4 * UPLOAD_COPIES,
    },
  ];
  if (workers > 0) {
    const perWorker = WORKER_RUNTIME_BYTES + edges * 4 * MODEL_COPIES + batches;
    parts.push({ key: 'workers', what: `${workers} worker threads of ${mib(perWorker)} each`, bytes: workers * perWorker });
  }
  return { parts, total: parts.reduce((s, p) => s + p.bytes, 0) };
}
