/**
 * The FRL round loop: partition (seeded) -> per round: sample clients (seeded) -> each client
 * trains from the global scores and sends per-layer rankings -> the server validates each
 * update -> Borda vote per layer -> global scores rebuilt from the round-0 values -> evaluation.
 *
 * Random streams, all derived from the run seed: 'partition', 'sampling' (per round),
 * 'init' (weights and scores), 'client' (per round and client: batch shuffling).
 */
import { Rng } from '@fedrank/random';
import { partitionDataset, type DatasetSplits } from '@fedrank/data';
import {
  buildArchitecture,
  effectiveWeights,
  evaluateWeights,
  initSupermask,
  rankingsOf,
  SupermaskClientTrainer,
  type Architecture,
} from '@fedrank/supermask';
import { BordaAccumulator } from '@fedrank/voting';
import type { RunConfig } from './config.js';
import { FrlGlobalState } from './frl-global-state.js';
import { sampleRoundClients } from './sampling.js';
import { type ClientUpdate, validateUpdate } from './updates.js';

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
  /** Polled between clients; returning true ends the run after the current client. */
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
  model: FinalModel;
  partition: { min: number; median: number; max: number };
}

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export async function runFederation(config: RunConfig, data: DatasetSplits, hooks: RunHooks = {}): Promise<RunResult> {
  const started = performance.now();
  const root = new Rng(config.seed);
  const { federation, training, model } = config;
  const train = data.train;
  const arch = buildArchitecture(
    model.arch,
    { height: train.height, width: train.width, channels: train.channels, numClasses: train.numClasses },
    { hidden: model.hidden },
  );
  const parts = partitionDataset(train.labels, train.numClasses, federation.clients, config.data.partition, root.derive('partition'));
  const sizes = parts.map((p) => p.length).sort((a, b) => a - b);
  const init = initSupermask(arch, root.derive('init'));
  const state = new FrlGlobalState(init.scores);
  const layerSizes = arch.layers.map((l) => l.size);
  const testIndices = config.data.testSubset
    ? Uint32Array.from({ length: Math.min(config.data.testSubset, data.test.count) }, (_, i) => i)
    : undefined;

  let finalAccuracy = NaN;
  let bestAccuracy = -Infinity;
  let bestRound = -1;
  let completedRounds = 0;
  let interrupted = false;

  for (let round = 0; round < federation.rounds && !interrupted; round++) {
    const roundStart = performance.now();
    const sample = sampleRoundClients(
      root.derive('sampling', round),
      federation.clients,
      federation.clientsPerRound,
      federation.maliciousClients,
      federation.redrawMaliciousMajority,
    );
    const lr = training.lr * Math.pow(training.lrDecay, round);
    const votes = layerSizes.map((n) => new BordaAccumulator(n));
    let rejected = 0;
    let trainLossSum = 0;
    let trained = 0;
    for (let i = 0; i < sample.clients.length; i++) {
      const clientId = sample.clients[i];
      const trainer = new SupermaskClientTrainer(
        arch,
        init.weights,
        state.scores,
        train,
        parts[clientId],
        { ...training, lr, keep: model.keep, maskRule: model.maskRule },
        root.derive('client', round, clientId),
      );
      const result = trainer.train();
      const update: ClientUpdate = { kind: 'ranking', layers: rankingsOf(result.scores) };
      if (validateUpdate(update, layerSizes) !== null) {
        rejected++;
      } else {
        update.layers.forEach((r, l) => votes[l].add(r as Uint32Array));
        if (Number.isFinite(result.meanLoss)) {
          trainLossSum += result.meanLoss;
          trained++;
        }
      }
      hooks.onProgress?.({ round, rounds: federation.rounds, clientsDone: i + 1, clientsPerRound: sample.clients.length });
      await yieldToEventLoop();
      if (hooks.shouldStop?.()) {
        interrupted = true;
        break;
      }
    }
    if (interrupted) break;
    votes.forEach((v, l) => {
      if (v.count > 0) state.applyRanking(l, v.ranking());
    });
    const trainSeconds = (performance.now() - roundStart) / 1000;
    completedRounds = round + 1;

    const isLast = round === federation.rounds - 1;
    if ((round + 1) % federation.evalEvery === 0 || isLast) {
      const evalStart = performance.now();
      const effective = effectiveWeights(arch, init.weights, state.scores, model.keep, model.maskRule);
      const ev = evaluateWeights(arch, effective, data.test, { batchSize: config.evaluation.batchSize, indices: testIndices });
      const evalSeconds = (performance.now() - evalStart) / 1000;
      finalAccuracy = ev.accuracy;
      if (ev.accuracy > bestAccuracy) {
        bestAccuracy = ev.accuracy;
        bestRound = round;
      }
      hooks.onRound?.({
        round,
        accuracy: ev.accuracy,
        loss: ev.loss,
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
    await yieldToEventLoop();
    if (hooks.shouldStop?.()) interrupted = true;
  }

  return {
    rounds: federation.rounds,
    completedRounds,
    interrupted,
    finalAccuracy,
    bestAccuracy: bestRound >= 0 ? bestAccuracy : NaN,
    bestRound,
    wallSeconds: (performance.now() - started) / 1000,
    model: { arch, weights: init.weights, scores: state.scores, keep: model.keep, maskRule: model.maskRule },
    partition: { min: sizes[0] ?? 0, median: sizes[Math.floor(sizes.length / 2)] ?? 0, max: sizes[sizes.length - 1] ?? 0 },
  };
}
