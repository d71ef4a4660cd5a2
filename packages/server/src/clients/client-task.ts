/**
 * The work one client does in a round, and one chunk of the test evaluation, written once and
 * run either in-process or inside a worker thread. Everything a task needs beyond its job comes
 * from the context; its randomness comes from the run seed and (round, client id) only, so
 * the result does not depend on which thread runs it.
 */
import { Rng } from '@fedrank/random';
import {
  buildArchitecture,
  effectiveWeights,
  evaluateWeights,
  rankingsOf,
  SupermaskClientTrainer,
  type ArchName,
  type Architecture,
  type InputShape,
  type LocalTrainingOptions,
  type MaskRule,
  type SampleSource,
} from '@fedrank/supermask';

export interface SampleData extends SampleSource {
  count: number;
}

export interface ClientTaskSetup {
  arch: { name: ArchName; input: InputShape; hidden?: number[] };
  seed: number;
  keep: number;
  maskRule: MaskRule;
  /** Frozen weights, per layer. */
  weights: Float32Array[];
  /** The global scores, per layer; the server rewrites them between rounds only. */
  scores: Float32Array[];
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
  rankings: Uint32Array[];
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
  private cachedEffective: { version: number; weights: Float32Array[] } | undefined;

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
    const trainer = new SupermaskClientTrainer(
      this.arch,
      setup.weights,
      setup.scores,
      setup.train,
      job.indices,
      { ...job.training, keep: setup.keep, maskRule: setup.maskRule },
      this.clientRng(job.round, job.clientId),
    );
    const r = trainer.train();
    return { clientId: job.clientId, rankings: rankingsOf(r.scores), meanLoss: r.meanLoss, steps: r.steps, samples: r.samples };
  }

  /** Evaluates test samples [from, to) under the current global scores (`version` names them). */
  evaluate(chunk: EvalChunk, version: number): EvalChunkResult {
    if (!this.cachedEffective || this.cachedEffective.version !== version) {
      this.cachedEffective = { version, weights: effectiveWeights(this.arch, this.setup.weights, this.setup.scores, this.setup.keep, this.setup.maskRule) };
    }
    const indices = Uint32Array.from({ length: chunk.to - chunk.from }, (_, i) => chunk.from + i);
    const ev = evaluateWeights(this.arch, this.cachedEffective.weights, this.setup.test, { batchSize: chunk.batchSize, indices });
    return { correct: ev.correct, lossSum: ev.lossSum, count: ev.count };
  }
}
