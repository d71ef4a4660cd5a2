/**
 * The work one client does in a round, and one chunk of the test evaluation, written once and
 * run either in-process or inside a worker thread. Everything a task needs beyond its job comes
 * from the context; its randomness comes from the run seed and (round, client id) only, so
 * the result does not depend on which thread runs it.
 *
 * Two kinds of model: 'supermask' (FRL: scores over frozen weights; the update is per-layer
 * rankings) and 'dense' (weight training for the weight-based rules; the update is the flat
 * weight delta).
 */
import { Rng } from '@fedrank/random';
import {
  buildArchitecture,
  effectiveWeights,
  evaluateWeights,
  rankingsOf,
  splitParams,
  SupermaskClientTrainer,
  trainDenseClient,
  type ArchName,
  type Architecture,
  type InputShape,
  type LocalTrainingOptions,
  type MaskRule,
  type SampleSource,
} from '@fedrank/supermask';
import type { ClientUpdate } from '../updates.js';

export interface SampleData extends SampleSource {
  count: number;
}

export interface ClientTaskSetup {
  mode: 'supermask' | 'dense';
  arch: { name: ArchName; input: InputShape; hidden?: number[] };
  seed: number;
  keep: number;
  maskRule: MaskRule;
  /** supermask: frozen weights per layer. */
  weights: Float32Array[];
  /** supermask: the global scores per layer; dense: one array, the flat global parameters. The server rewrites them between rounds only. */
  global: Float32Array[];
  train: SampleData;
  test: SampleData;
}

export interface TrainJob {
  round: number;
  clientId: number;
  indices: Uint32Array;
  training: Omit<LocalTrainingOptions, 'keep' | 'maskRule'>;
}

export interface TrainResult {
  clientId: number;
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
  private readonly root: Rng;
  private cachedEffective: { version: number; weights: Float32Array[]; biases?: Float32Array[] } | undefined;

  constructor(readonly setup: ClientTaskSetup) {
    this.arch = buildArchitecture(setup.arch.name, setup.arch.input, { hidden: setup.arch.hidden });
    this.root = new Rng(setup.seed);
  }

  /** The per-client stream: the same in every thread for a given (round, client). */
  clientRng(round: number, clientId: number): Rng {
    return this.root.derive('client', round, clientId);
  }

  train(job: TrainJob): TrainResult {
    const { setup } = this;
    const rng = this.clientRng(job.round, job.clientId);
    if (setup.mode === 'dense') {
      const r = trainDenseClient(this.arch, setup.global[0], setup.train, job.indices, job.training, rng);
      return {
        clientId: job.clientId,
        update: { kind: 'weights', layers: [r.delta] },
        meanLoss: r.meanLoss,
        steps: r.steps,
        samples: r.samples,
      };
    }
    const trainer = new SupermaskClientTrainer(
      this.arch,
      setup.weights,
      setup.global,
      setup.train,
      job.indices,
      { ...job.training, keep: setup.keep, maskRule: setup.maskRule },
      rng,
    );
    const r = trainer.train();
    return {
      clientId: job.clientId,
      update: { kind: 'ranking', layers: rankingsOf(r.scores) },
      meanLoss: r.meanLoss,
      steps: r.steps,
      samples: r.samples,
    };
  }

  /** Evaluates test samples [from, to) under the current global model (`version` names it). */
  evaluate(chunk: EvalChunk, version: number): EvalChunkResult {
    if (!this.cachedEffective || this.cachedEffective.version !== version) {
      const { setup } = this;
      if (setup.mode === 'dense') {
        const { weights, biases } = splitParams(this.arch, Float32Array.from(setup.global[0]));
        this.cachedEffective = { version, weights, biases };
      } else {
        this.cachedEffective = { version, weights: effectiveWeights(this.arch, setup.weights, setup.global, setup.keep, setup.maskRule) };
      }
    }
    const indices = Uint32Array.from({ length: chunk.to - chunk.from }, (_, i) => chunk.from + i);
    const ev = evaluateWeights(this.arch, this.cachedEffective.weights, this.setup.test, {
      batchSize: chunk.batchSize,
      indices,
      biases: this.cachedEffective.biases,
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
