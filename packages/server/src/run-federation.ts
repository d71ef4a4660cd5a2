/**
 * The FRL round loop: partition (seeded) -> per round: sample clients (seeded) -> each client
 * trains from the global scores and sends per-layer rankings -> the server validates each
 * update -> Borda vote per layer -> global scores rebuilt from the round-0 values -> evaluation.
 *
 * Clients train in a pool of worker threads (or in this thread with `workers: 0`); the result
 * is the same for any pool size: each client's randomness comes from its own stream and the
 * server aggregates in client-id order.
 *
 * Random streams, all derived from the run seed: 'partition', 'sampling' (per round),
 * 'init' (weights and scores), 'client' (per round and client: batch shuffling).
 */
import { availableParallelism } from 'node:os';
import { Rng } from '@fedrank/random';
import { partitionDataset, type Dataset, type DatasetSplits } from '@fedrank/data';
import { buildArchitecture, initSupermask, type Architecture } from '@fedrank/supermask';
import { BordaAccumulator } from '@fedrank/voting';
import type { RunConfig } from './config.js';
import { FrlGlobalState } from './frl-global-state.js';
import { sampleRoundClients } from './sampling.js';
import { type ClientUpdate, validateUpdate } from './updates.js';
import { ClientTaskContext, type ClientTaskSetup, type SampleData, type TrainJob } from './clients/client-task.js';
import { evalChunks, InProcessExecutor, type ClientExecutor } from './clients/executor.js';
import { sharedFloat32, sharedUint8 } from './clients/shared-memory.js';
import { WorkerPoolExecutor } from './clients/worker-pool.js';

export interface RoundMetrics {
  round: number;
  accuracy: number;
  loss: number;
  trainLoss: number;
  /** Wall time of the round including its evaluation, seconds. */
  seconds: number;
  trainSeconds: number;
  evalSeconds: number;
  lr: number;
  clients: number;
  maliciousClients: number;
  rejectedUpdates: number;
}

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
}

export interface FinalModel {
  arch: Architecture;
  weights: Float32Array[];
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
  partition: { min: number; median: number; max: number };
}

/** Test samples per evaluation chunk: fixed, so sums do not depend on the pool size. */
const EVAL_CHUNK = 1000;

export function resolveWorkers(workers: RunConfig['workers']): number {
  return workers === 'auto' ? availableParallelism() : workers;
}

function shareData(d: Dataset, limit?: number): SampleData {
  const count = limit ? Math.min(limit, d.count) : d.count;
  const size = d.height * d.width * d.channels;
  return {
    images: sharedFloat32(d.images.subarray(0, count * size)),
    labels: sharedUint8(d.labels.subarray(0, count)),
    count,
    height: d.height,
    width: d.width,
    channels: d.channels,
    numClasses: d.numClasses,
  };
}

export async function runFederation(config: RunConfig, data: DatasetSplits, hooks: RunHooks = {}): Promise<RunResult> {
  const started = performance.now();
  const root = new Rng(config.seed);
  const { federation, training, model } = config;
  const train = data.train;
  const input = { height: train.height, width: train.width, channels: train.channels, numClasses: train.numClasses };
  const arch = buildArchitecture(model.arch, input, { hidden: model.hidden });
  const parts = partitionDataset(train.labels, train.numClasses, federation.clients, config.data.partition, root.derive('partition'));
  const sizes = parts.map((p) => p.length).sort((a, b) => a - b);
  const init = initSupermask(arch, root.derive('init'));
  const state = new FrlGlobalState(init.scores);
  const weights = init.weights.map((w) => sharedFloat32(w));
  const layerSizes = arch.layers.map((l) => l.size);

  const setup: ClientTaskSetup = {
    arch: { name: model.arch, input, hidden: model.hidden },
    seed: config.seed,
    keep: model.keep,
    maskRule: model.maskRule,
    weights,
    scores: state.scores,
    train: shareData(train),
    test: shareData(data.test, config.data.testSubset),
  };
  const workers = resolveWorkers(config.workers);
  const executor: ClientExecutor =
    workers === 0
      ? new InProcessExecutor(new ClientTaskContext(setup), hooks.shouldStop)
      : await WorkerPoolExecutor.start(workers, config.backend, setup, hooks.shouldStop);
  const chunks = evalChunks(setup.test.count, EVAL_CHUNK, Math.min(config.evaluation.batchSize, EVAL_CHUNK));

  let finalAccuracy = NaN;
  let bestAccuracy = -Infinity;
  let bestRound = -1;
  let completedRounds = 0;
  let interrupted = false;

  try {
    for (let round = 0; round < federation.rounds; round++) {
      const roundStart = performance.now();
      const sample = sampleRoundClients(
        root.derive('sampling', round),
        federation.clients,
        federation.clientsPerRound,
        federation.maliciousClients,
        federation.redrawMaliciousMajority,
      );
      const lr = training.lr * Math.pow(training.lrDecay, round);
      const jobs: TrainJob[] = sample.clients.map((clientId) => ({
        round,
        clientId,
        indices: parts[clientId],
        training: { localEpochs: training.localEpochs, batchSize: training.batchSize, lr, momentum: training.momentum, weightDecay: training.weightDecay },
      }));
      const results = await executor.train(jobs, (done) =>
        hooks.onProgress?.({ round, rounds: federation.rounds, clientsDone: done, clientsPerRound: jobs.length }),
      );
      if (results.length < jobs.length || hooks.shouldStop?.()) {
        interrupted = true;
        break;
      }

      // Aggregate in client-id order (results come back in job order, jobs are sorted by id).
      const votes = layerSizes.map((n) => new BordaAccumulator(n));
      let rejected = 0;
      let trainLossSum = 0;
      let trained = 0;
      for (const r of results) {
        const update: ClientUpdate = { kind: 'ranking', layers: r.rankings };
        if (validateUpdate(update, layerSizes) !== null) {
          rejected++;
          continue;
        }
        update.layers.forEach((ranking, l) => votes[l].add(ranking));
        if (Number.isFinite(r.meanLoss)) {
          trainLossSum += r.meanLoss;
          trained++;
        }
      }
      votes.forEach((v, l) => {
        if (v.count > 0) state.applyRanking(l, v.ranking());
      });
      const trainSeconds = (performance.now() - roundStart) / 1000;
      completedRounds = round + 1;

      const isLast = round === federation.rounds - 1;
      if ((round + 1) % federation.evalEvery === 0 || isLast) {
        const evalStart = performance.now();
        const parts = await executor.evaluate(chunks, round);
        let correct = 0;
        let lossSum = 0;
        let count = 0;
        for (const p of parts) {
          correct += p.correct;
          lossSum += p.lossSum;
          count += p.count;
        }
        const accuracy = count > 0 ? correct / count : NaN;
        const evalSeconds = (performance.now() - evalStart) / 1000;
        finalAccuracy = accuracy;
        if (accuracy > bestAccuracy) {
          bestAccuracy = accuracy;
          bestRound = round;
        }
        hooks.onRound?.({
          round,
          accuracy,
          loss: count > 0 ? lossSum / count : NaN,
          trainLoss: trained > 0 ? trainLossSum / trained : NaN,
          seconds: (performance.now() - roundStart) / 1000,
          trainSeconds,
          evalSeconds,
          lr,
          clients: sample.clients.length,
          maliciousClients: sample.malicious,
          rejectedUpdates: rejected,
        });
      }
      if (hooks.shouldStop?.()) {
        interrupted = completedRounds < federation.rounds;
        break;
      }
    }
  } finally {
    await executor.close();
  }

  return {
    rounds: federation.rounds,
    completedRounds,
    interrupted,
    finalAccuracy,
    bestAccuracy: bestRound >= 0 ? bestAccuracy : NaN,
    bestRound,
    wallSeconds: (performance.now() - started) / 1000,
    workers: executor.threads,
    model: { arch, weights: init.weights, scores: state.scores, keep: model.keep, maskRule: model.maskRule },
    partition: { min: sizes[0] ?? 0, median: sizes[Math.floor(sizes.length / 2)] ?? 0, max: sizes[sizes.length - 1] ?? 0 },
  };
}
