/**
 * A federated run: build what stays fixed (the partition, the model kind and its constants, the
 * rule, the attack, the client pool), then `state = await federatedRound(context, state)` until
 * the last round (round/federated-round.ts tells one round as its stages). A run can start from
 * a saved run state (a checkpoint) instead of round 0, and reports every state it reaches so the
 * caller can save it.
 *
 * Clients train in a pool of worker threads (or in this thread with `workers: 0`); the result
 * is the same for any pool size: each client's randomness comes from its own stream and the
 * server aggregates in client-id order.
 */
import { availableParallelism } from 'node:os';
import { Rng } from '@fedrank/random';
import { partitionDataset, partitionStats, type Dataset, type DatasetSplits } from '@fedrank/data';
import type { Architecture } from '@fedrank/supermask';
import { architectureOf } from './architecture-block.js';
import { aggregatorConsumes, createAggregator } from './aggregators/index.js';
import { createAttack, DEFAULT_POOL_SIZE } from './attacks/index.js';
import { keptPositionMask } from './attacks/ranking-common.js';
import type { RunConfig } from './config.js';
import { CommunicationLedger, type CommunicationTotals } from './communication-ledger.js';
import { ClientTaskContext, type ClientTaskSetup, type SampleData } from './clients/client-task.js';
import { evalChunks, InProcessExecutor, type ClientExecutor } from './clients/executor.js';
import { isShared, sharedFloat32, sharedUint8 } from './clients/shared-memory.js';
import { WorkerPoolExecutor } from './clients/worker-pool.js';
import { modelKindFor, type ModelKindName } from './model-kinds/index.js';
import { federatedRound, type FederationContext } from './round/federated-round.js';
import type { AttackUse } from './round/plan.js';
import type { RoundMetrics } from './round/round-metrics.js';
import { runRounds } from './round/run-rounds.js';
import { initialRunState, type RunState } from './round/run-state.js';

export type { RoundMetrics } from './round/round-metrics.js';

export interface RunProgress {
  round: number;
  rounds: number;
  clientsDone: number;
  clientsPerRound: number;
}

export interface RunHooks {
  onRound?(metrics: RoundMetrics): void;
  onProgress?(progress: RunProgress): void;
  /** Polled between clients; returning true ends the run without finishing the round. */
  shouldStop?(): boolean;
  /** Called with every state the run reaches after a completed round (for checkpoints). */
  onState?(state: RunState): void | Promise<void>;
}

export interface FinalModel {
  kind: ModelKindName;
  arch: Architecture;
  /** supermask: frozen weights per layer; dense: [flat trained parameters (weights, bias per layer)]. */
  weights: Float32Array[];
  /** supermask: the final global scores per layer; dense: empty. */
  scores: Float32Array[];
  keep: number;
  maskRule: RunConfig['model']['maskRule'];
}

export interface RunResult {
  rounds: number;
  completedRounds: number;
  interrupted: boolean;
  finalAccuracy: number;
  bestAccuracy: number;
  bestRound: number;
  wallSeconds: number;
  workers: number;
  model: FinalModel;
  communication: CommunicationTotals;
  partition: { min: number; median: number; max: number; emptyClients: number };
  /** The state the run ended in (what a checkpoint saves). */
  state: RunState;
}

export type { CommunicationTotals };

/** Test samples per evaluation chunk: fixed, so sums do not depend on the pool size. */
const EVAL_CHUNK = 1000;

export function resolveWorkers(workers: RunConfig['workers']): number {
  return workers === 'auto' ? availableParallelism() : workers;
}

/** The dataset as shared memory for the workers: in place when the loader already shared it. */
function shareData(d: Dataset, limit?: number): SampleData {
  const count = limit ? Math.min(limit, d.count) : d.count;
  const size = d.height * d.width * d.channels;
  const images = d.images.subarray(0, count * size);
  const labels = d.labels.subarray(0, count);
  return {
    images: isShared(images) ? images : sharedFloat32(images),
    labels: isShared(labels) ? labels : sharedUint8(labels),
    count,
    height: d.height,
    width: d.width,
    channels: d.channels,
    numClasses: d.numClasses,
  };
}

function attackUse(targets: string): AttackUse {
  if (targets === 'data') return 'data';
  if (targets === 'none') return 'none';
  return 'craft';
}

/** Totals of a run's communication sums, with what they compare to. */
export function communicationTotals(
  update: 'ranking' | 'weights',
  layerSizes: readonly number[],
  wire: ConstructorParameters<typeof CommunicationLedger>[2],
  state: RunState,
): CommunicationTotals {
  const ledger = new CommunicationLedger(update, layerSizes, wire);
  const c = state.communication;
  ledger.addRound(c.uploadBytes, c.downloadBytes, c.clientRounds);
  return ledger.totals();
}

export interface RunFederationOptions {
  /** Continue from this state (a checkpoint) instead of round 0. */
  resumeFrom?: RunState;
}

export async function runFederation(
  config: RunConfig,
  data: DatasetSplits,
  hooks: RunHooks = {},
  options: RunFederationOptions = {},
): Promise<RunResult> {
  const started = performance.now();
  const root = new Rng(config.seed);
  const { federation, training, model } = config;
  const train = data.train;
  const input = { height: train.height, width: train.width, channels: train.channels, numClasses: train.numClasses };
  const arch = architectureOf(model, input);
  const partition = partitionDataset(train.labels, train.numClasses, federation.clients, config.data.partition, root.derive('partition'));
  const sizes = partitionStats(partition, train.labels, train.numClasses);

  const kind = modelKindFor(aggregatorConsumes(config.aggregator.kind));
  const rule = createAggregator(config.aggregator);
  const attack = createAttack(config.attack);
  const maliciousClients = attack.name === 'none' ? 0 : Math.round(config.attack.fraction * federation.clients);
  const use = attackUse(attack.targets);
  const crafting = attack.targets === 'ranking' || attack.targets === 'weights';
  const poolSize = crafting ? Math.min(config.attack.poolSize ?? DEFAULT_POOL_SIZE, maliciousClients) : 0;

  const init = kind.init(arch, root.derive('init'), model.keep, model.maskRule);
  const constants = { ...init.constants, frozen: init.constants.frozen.map((w) => sharedFloat32(w)) };
  const layerSizes = init.params.map((p) => p.length);
  const keptPositions =
    attack.targets === 'ranking'
      ? constants.sortedInitial.map((s) => keptPositionMask(s.length, model.keep, model.maskRule, s))
      : undefined;

  const setup: ClientTaskSetup = {
    kind: kind.name,
    arch: { name: arch.name, input, layers: arch.layerList },
    seed: config.seed,
    keep: model.keep,
    maskRule: model.maskRule,
    frozen: constants.frozen,
    train: shareData(train),
    test: shareData(data.test, config.data.testSubset),
  };
  const workers = resolveWorkers(config.workers);
  const executor: ClientExecutor =
    workers === 0
      ? new InProcessExecutor(new ClientTaskContext(setup), () => hooks.shouldStop?.() ?? false)
      : await WorkerPoolExecutor.start(workers, config.backend, setup, () => hooks.shouldStop?.() ?? false);
  const wire = { ...config.communication, signs: config.aggregator.kind === 'signsgd-mv' };

  const ctx: FederationContext = {
    root,
    arch,
    kind,
    constants,
    layerSizes,
    slotSizes: kind.slotSizes(arch, layerSizes),
    partition,
    executor,
    evalChunks: evalChunks(setup.test.count, EVAL_CHUNK, Math.min(config.evaluation.batchSize, EVAL_CHUNK)),
    wire,
    rule,
    ruleSpec: config.aggregator,
    serverLr: config.aggregator.serverLr ?? 1,
    attack,
    attackSpec: config.attack,
    attackUse: use,
    maliciousClients,
    poolSize,
    f: config.aggregator.f,
    keptPositions,
    federation,
    training,
  };

  let end: { state: RunState; interrupted: boolean };
  try {
    end = await runRounds(
      options.resumeFrom ?? initialRunState(init.params),
      federation.rounds,
      (state) =>
        federatedRound(ctx, state, {
          onProgress: (done, total) =>
            hooks.onProgress?.({ round: state.round, rounds: federation.rounds, clientsDone: done, clientsPerRound: total }),
        }),
      hooks,
    );
  } finally {
    await executor.close();
  }
  const { state, interrupted } = end;

  return {
    rounds: federation.rounds,
    completedRounds: state.round,
    interrupted,
    finalAccuracy: state.finalAccuracy,
    bestAccuracy: state.best.round >= 0 ? state.best.accuracy : NaN,
    bestRound: state.best.round,
    wallSeconds: (performance.now() - started) / 1000,
    workers: executor.threads,
    model: { kind: kind.name, arch, ...kind.toSaved(constants, state.global.params), keep: model.keep, maskRule: model.maskRule },
    communication: communicationTotals(kind.update, layerSizes, wire, state),
    partition: { min: sizes.min, median: sizes.median, max: sizes.max, emptyClients: sizes.emptyClients },
    state,
  };
}
