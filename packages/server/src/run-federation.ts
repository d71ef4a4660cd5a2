/**
 * The round loop: partition (seeded) -> per round: sample clients (seeded) -> benign clients
 * train from the global model and send their update (FRL: per-layer rankings of supermask
 * scores; weight rules: the weight delta) -> the attack rewrites what the malicious clients send
 * -> the server validates each update (malformed ones are rejected and counted) -> aggregation
 * (FRL: Borda vote per layer, scores rebuilt from the round-0 values; else the rule's aggregate
 * times the server step is added to the global weights) -> evaluation.
 *
 * Clients train in a pool of worker threads (or in this thread with `workers: 0`); the result
 * is the same for any pool size: each client's randomness comes from its own stream and the
 * server aggregates in client-id order.
 *
 * Random streams, all derived from the run seed: 'partition', 'sampling' (per round),
 * 'init' (weights and scores), 'client' (per round and client: batch shuffling), 'attack'
 * (per round: the collusion pool and the attack's own draws), 'aggregator' (per round).
 */
import { applyAggregate } from './apply-aggregate.js';
import { availableParallelism } from 'node:os';
import { Rng } from '@fedrank/random';
import { partitionDataset, partitionStats, type Dataset, type DatasetSplits } from '@fedrank/data';
import { buildArchitecture, denseSlotSizes, initDense, initSupermask, type Architecture } from '@fedrank/supermask';
import { createAggregator } from './aggregators/index.js';
import { createAttack, DEFAULT_POOL_SIZE } from './attacks/index.js';
import { keptPositionMask } from './attacks/ranking-common.js';
import type { RunConfig } from './config.js';
import { craftMaliciousUpdates } from './malicious-updates.js';
import { CommunicationLedger, type CommunicationTotals } from './communication-ledger.js';
import { RoundWire } from './wire.js';
import { FrlGlobalState } from './frl-global-state.js';
import { sampleRoundClients } from './sampling.js';
import { type ClientUpdate, validateUpdate } from './updates.js';
import { ClientTaskContext, type ClientTaskSetup, type SampleData, type TrainJob, type TrainResult } from './clients/client-task.js';
import { evalChunks, InProcessExecutor, type ClientExecutor } from './clients/executor.js';
import { isShared, sharedFloat32, sharedUint8 } from './clients/shared-memory.js';
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
  /** Bytes the round's clients uploaded (their encoded updates) and downloaded (the global state). */
  uploadBytes: number;
  downloadBytes: number;
  uploadBytesPerClient: number;
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
  kind: 'supermask' | 'dense';
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
  partition: { min: number; median: number; max: number };
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

export async function runFederation(config: RunConfig, data: DatasetSplits, hooks: RunHooks = {}): Promise<RunResult> {
  const started = performance.now();
  const root = new Rng(config.seed);
  const { federation, training, model } = config;
  const train = data.train;
  const input = { height: train.height, width: train.width, channels: train.channels, numClasses: train.numClasses };
  const arch = buildArchitecture(model.arch, input, { hidden: model.hidden });
  const parts = partitionDataset(train.labels, train.numClasses, federation.clients, config.data.partition, root.derive('partition'));
  const sizes = partitionStats(parts, train.labels, train.numClasses);

  const mode = config.aggregator.kind === 'frl-vote' ? 'supermask' : 'dense';
  const aggregator = createAggregator(config.aggregator);
  const serverLr = config.aggregator.serverLr ?? 1;
  const attack = createAttack(config.attack);
  const maliciousClients = attack.name === 'none' ? 0 : Math.round(config.attack.fraction * federation.clients);
  const poolSize = Math.min(config.attack.poolSize ?? DEFAULT_POOL_SIZE, maliciousClients);
  const crafting = attack.targets === 'ranking' || attack.targets === 'weights';

  // The global model: FRL scores over frozen weights, or flat dense parameters (shared memory).
  let state: FrlGlobalState | undefined;
  let frozen: Float32Array[] = [];
  let global: Float32Array[];
  if (mode === 'supermask') {
    const init = initSupermask(arch, root.derive('init'));
    state = new FrlGlobalState(init.scores);
    frozen = init.weights.map((w) => sharedFloat32(w));
    global = state.scores;
  } else {
    global = [sharedFloat32(initDense(arch, root.derive('init')))];
  }
  const layerSizes = global.map((g) => g.length);
  const keptPositions =
    state && attack.targets === 'ranking'
      ? state.sortedInitial.map((s) => keptPositionMask(s.length, model.keep, model.maskRule, s))
      : undefined;

  const setup: ClientTaskSetup = {
    mode,
    arch: { name: model.arch, input, hidden: model.hidden },
    seed: config.seed,
    keep: model.keep,
    maskRule: model.maskRule,
    weights: frozen,
    global,
    train: shareData(train),
    test: shareData(data.test, config.data.testSubset),
  };
  const workers = resolveWorkers(config.workers);
  const executor: ClientExecutor =
    workers === 0
      ? new InProcessExecutor(new ClientTaskContext(setup), hooks.shouldStop)
      : await WorkerPoolExecutor.start(workers, config.backend, setup, hooks.shouldStop);
  const chunks = evalChunks(setup.test.count, EVAL_CHUNK, Math.min(config.evaluation.batchSize, EVAL_CHUNK));

  const slotSizes = mode === 'dense' ? denseSlotSizes(arch) : layerSizes;
  const wireOptions = { ...config.communication, signs: config.aggregator.kind === 'signsgd-mv' };
  const ledger = new CommunicationLedger(mode === 'supermask' ? 'ranking' : 'weights', layerSizes, wireOptions);

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
        maliciousClients,
        federation.redrawMaliciousMajority,
      );
      const attackRng = root.derive('attack', round);
      const lr = training.lr * Math.pow(training.lrDecay, round);
      const job = (clientId: number, labelFlip = false): TrainJob => ({
        round,
        clientId,
        indices: parts[clientId],
        training: {
          localEpochs: training.localEpochs,
          batchSize: training.batchSize,
          lr,
          momentum: training.momentum,
          weightDecay: training.weightDecay,
          labelFlip,
        },
      });
      const isMalicious = (c: number): boolean => c < maliciousClients;
      // Benign clients train; label-flippers train on poisoned labels; a crafting attack's
      // collusion pool (drawn among all malicious clients) trains honestly to feed it.
      const jobs: TrainJob[] = sample.clients
        .filter((c) => !isMalicious(c) || attack.targets === 'data')
        .map((c) => job(c, isMalicious(c)));
      const pool =
        crafting && sample.malicious > 0
          ? attackRng
              .derive('pool')
              .sampleWithoutReplacement(maliciousClients, poolSize)
              .sort((a, b) => a - b)
          : [];
      jobs.push(...pool.map((c) => job(c)));
      const results = await executor.train(jobs, (done) =>
        hooks.onProgress?.({ round, rounds: federation.rounds, clientsDone: done, clientsPerRound: jobs.length }),
      );
      if (results.length < jobs.length || hooks.shouldStop?.()) {
        interrupted = true;
        break;
      }
      const byClient = new Map<number, TrainResult>();
      results.slice(0, results.length - pool.length).forEach((r) => byClient.set(r.clientId, r));
      const f = config.aggregator.f ?? sample.malicious;
      const crafted = craftMaliciousUpdates({
        mode,
        attack,
        spec: config.attack,
        aggregatorSpec: config.aggregator,
        round,
        rng: attackRng,
        count: attack.targets === 'data' ? 0 : sample.malicious,
        clientsInRound: sample.clients.length,
        f,
        own: results.slice(results.length - pool.length).map((r) => r.update),
        benign: sample.clients.filter((c) => !isMalicious(c)).map((c) => byClient.get(c)!.update),
        layerSizes,
        global,
        keep: model.keep,
        maskRule: model.maskRule,
        keptPositions,
      });

      // Every update the server receives, in client-id order, as bytes on the wire; payloads that
      // do not decode and updates that are not well-formed are rejected.
      const wire = new RoundWire(wireOptions, global, mode === 'supermask' ? 'ranking' : 'weights', layerSizes, slotSizes);
      let uploadBytes = 0;
      const downloadBytes = wire.download.length * sample.clients.length;
      let rejected = 0;
      let trainLossSum = 0;
      let trained = 0;
      let next = 0;
      const accepted: ClientUpdate[] = [];
      for (const c of sample.clients) {
        const r = byClient.get(c);
        const sent = r && (!isMalicious(c) || attack.targets === 'data') ? r.update : crafted[next++];
        const bytes = wire.encode(sent, attackRng.derive('wire', c));
        uploadBytes += bytes.length;
        const update = wire.decode(bytes);
        if (update === null || validateUpdate(update, layerSizes) !== null) {
          rejected++;
          continue;
        }
        accepted.push(update);
        if (r && Number.isFinite(r.meanLoss)) {
          trainLossSum += r.meanLoss;
          trained++;
        }
      }
      applyAggregate(aggregator, accepted, { f, round, rng: root.derive('aggregator', round) }, { state, global, layerSizes, serverLr });
      const trainSeconds = (performance.now() - roundStart) / 1000;
      completedRounds = round + 1;
      ledger.addRound(uploadBytes, downloadBytes, sample.clients.length);

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
          uploadBytes,
          downloadBytes,
          uploadBytesPerClient: uploadBytes / sample.clients.length,
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
    model: {
      kind: mode,
      arch,
      weights: mode === 'supermask' ? frozen : global,
      scores: mode === 'supermask' ? global : [],
      keep: model.keep,
      maskRule: model.maskRule,
    },
    communication: ledger.totals(),
    partition: { min: sizes.min, median: sizes.median, max: sizes.max },
  };
}
