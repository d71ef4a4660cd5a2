/**
 * The work one client does in a round, and one chunk of the test evaluation, written once and
 * run either in-process or inside a worker thread. Everything a task needs beyond its job comes
 * from the context: the setup (data, architecture, the model's constants) and the global model
 * the server published for the round, which carries its version; a job names the version it
 * trains from, and a mismatch is an error rather than a silent read of another round's model.
 * Randomness comes from the run seed and (round, client id) only, so the result does not depend
 * on which thread runs it.
 */
import { Rng } from '@fedrank/random';
import {
  architectureFromLayers,
  evaluateWeightsAsync,
  type Architecture,
  type InputShape,
  type LayerOp,
  type LocalTrainingOptions,
  type MaskRule,
  type SampleSource,
} from '@fedrank/supermask';
import { modelKindByName, type InferenceWeights, type ModelConstants, type ModelKind, type ModelKindName } from '../model-kinds/index.js';
import type { GlobalModel } from '../round/global-model.js';
import type { ClientUpdate } from '../updates.js';

export interface SampleData extends SampleSource {
  count: number;
}

export interface ClientTaskSetup {
  kind: ModelKindName;
  /** The network as a layer list: threads rebuild it without the module (if any) that produced it. */
  arch: { name: string; input: InputShape; layers: LayerOp[] };
  seed: number;
  keep: number;
  maskRule: MaskRule;
  /** supermask: frozen weights per layer (shared memory); dense: none. */
  frozen: Float32Array[];
  train: SampleData;
  test: SampleData;
}

/** Why a client trains this round: an honest participant, a label flipper, or a colluder feeding a crafting attack. */
export type ClientRole = 'benign' | 'label-flipper' | 'colluder';

export interface TrainJob {
  round: number;
  /** The version of the global model the client trains from (see GlobalModel). */
  version: number;
  clientId: number;
  role: ClientRole;
  indices: Uint32Array;
  training: Omit<LocalTrainingOptions, 'keep' | 'maskRule'>;
}

export interface TrainResult {
  clientId: number;
  role: ClientRole;
  update: ClientUpdate;
  meanLoss: number;
  steps: number;
  samples: number;
}

export interface EvalChunk {
  from: number;
  to: number;
  batchSize: number;
}

export interface EvalChunkResult {
  correct: number;
  lossSum: number;
  count: number;
}

export class ClientTaskContext {
  readonly arch: Architecture;
  readonly kind: ModelKind;
  private readonly root: Rng;
  private readonly constants: ModelConstants;
  private global: GlobalModel | undefined;
  private cachedInference: { version: number; weights: InferenceWeights } | undefined;

  constructor(readonly setup: ClientTaskSetup) {
    this.arch = architectureFromLayers(setup.arch.name, setup.arch.layers, setup.arch.input);
    this.kind = modelKindByName(setup.kind);
    this.root = new Rng(setup.seed);
    this.constants = { frozen: setup.frozen, sortedInitial: [], keep: setup.keep, maskRule: setup.maskRule };
  }

  /** The global model clients train from and evaluation uses, until the next one is published. */
  publish(global: GlobalModel): void {
    this.global = global;
  }

  private current(version: number): GlobalModel {
    if (!this.global) throw new Error('no global model published');
    if (this.global.version !== version)
      throw new Error(`job for global model version ${version}, but version ${this.global.version} is published`);
    return this.global;
  }

  /** The per-client stream: the same in every thread for a given (round, client). */
  clientRng(round: number, clientId: number): Rng {
    return this.root.derive('client', round, clientId);
  }

  async train(job: TrainJob): Promise<TrainResult> {
    const global = this.current(job.version);
    const r = await this.kind.trainLocal(
      this.arch,
      this.constants,
      global.params,
      this.setup.train,
      job.indices,
      job.training,
      this.clientRng(job.round, job.clientId),
    );
    return { clientId: job.clientId, role: job.role, update: r.update, meanLoss: r.meanLoss, steps: r.steps, samples: r.samples };
  }

  /** Evaluates test samples [from, to) under the published global model of the given version. */
  async evaluate(chunk: EvalChunk, version: number): Promise<EvalChunkResult> {
    const global = this.current(version);
    if (!this.cachedInference || this.cachedInference.version !== version) {
      this.cachedInference = { version, weights: this.kind.inference(this.arch, this.constants, global.params) };
    }
    const indices = Uint32Array.from({ length: chunk.to - chunk.from }, (_, i) => chunk.from + i);
    const ev = await evaluateWeightsAsync(this.arch, this.cachedInference.weights.weights, this.setup.test, {
      batchSize: chunk.batchSize,
      indices,
      biases: this.cachedInference.weights.biases,
    });
    return { correct: ev.correct, lossSum: ev.lossSum, count: ev.count };
  }
}

/** The buffers of an update, for transferring it between threads without a copy. */
export function updateBuffers(update: ClientUpdate): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const l of update.layers) if (l.buffer instanceof ArrayBuffer) buffers.add(l.buffer);
  return [...buffers];
}
