/**
 * Unsupervised federated post-training (MM-UPT, arXiv 2505.22453, for a classifier; REFERENCE.md
 * section 2): start from a saved global model, give each client unlabeled local data, and per
 * round: sample clients -> each trains from the global model with majority-vote self-rewards and
 * the GRPO loss, KL-penalized toward the model it received (supermask/grpo-local.ts) -> the
 * server aggregates (supermask: the clients' rankings by FRL's Borda vote, scores rebuilt from
 * the base model's score values; dense: the weight rule, e.g. FedAvg of the deltas) ->
 * label-free monitoring on a fixed set of the clients' inputs, and test accuracy (never seen by
 * the method).
 *
 * Opt-in variants (post-training-config.ts; grpo-local.ts does the work): the KL anchor can be
 * the base model instead of the round's model, groups below an agreement threshold can be
 * dropped, G labels can be sampled across G augmented views, and a class-balance guard damps
 * pushes that widen the gap between predicted-class counts and a target: per client against
 * the base model's predictions ('base'), or for everyone against 1/C from the global model's
 * predicted classes on the monitor inputs of the previous evaluation ('uniform').
 *
 * Clients hold the base run's partition of the training set; with `clients: unseen` only those
 * the base run never trained on take part. Labels of the training set are never read, except
 * by the partitioner that simulates the (non-IID) split, exactly as in the base run.
 *
 * Clients train in this thread. Random streams, from the run seed: 'sampling' (per round),
 * 'client' (per round and client: shuffling and the sampled labels), 'monitor-set' (the fixed
 * monitoring inputs), 'monitor' (per round: the monitor's samples), 'wire' (per round).
 */
import { CommunicationLedger } from '../communication-ledger.js';
import { applyAggregate } from '../apply-aggregate.js';
import { Rng } from '@fedrank/random';
import { partitionDataset, partitionStats, type Dataset, type DatasetSplits } from '@fedrank/data';
import {
  classGuard,
  denseSlotSizes,
  effectiveWeights,
  evaluateWeights,
  monitorPredictions,
  predictLogits,
  rankingsOf,
  splitParams,
  trainGrpoDenseClient,
  trainGrpoSupermaskClient,
  type ClassGuard,
  type GrpoLocalOptions,
  type GrpoLocalStats,
  type PredictionMonitor,
  type UnlabeledSource,
} from '@fedrank/supermask';
import { createAggregator } from '../aggregators/index.js';
import type { RunConfig } from '../config.js';
import { FrlGlobalState } from '../frl-global-state.js';
import type { FinalModel, RoundMetrics, RunHooks, RunProgress, RunResult } from '../run-federation.js';
import { type ClientUpdate, validateUpdate } from '../updates.js';
import { RoundWire } from '../wire.js';
import { checkPostTrainingConfig, labeledClients } from './base-run.js';
import { PostTrainingError } from './errors.js';

/** A round's metrics: the federation's, plus the label-free monitor and the clients' GRPO statistics. */
export interface PostTrainingRoundMetrics extends RoundMetrics {
  /** Monitor (global model after the round, fixed unlabeled inputs): mean fraction of G samples agreeing with their majority. */
  agreement: number;
  /** Monitor: fraction of inputs whose G samples all agree. */
  unanimous: number;
  /** Monitor: mean entropy (nats) of softmax(z). */
  entropy: number;
  /** Monitor: histogram of predicted classes. */
  predictedClasses: number[];
  /** Monitor: entropy of that histogram / log C. */
  classBalance: number;
  /** Clients' local training: mean self-reward of the sampled labels. */
  meanReward: number;
  /** Clients' local training: mean k3 to the received model. */
  klLoss: number;
  /** Clients' local training: fraction of tokens where the PPO clip bound. */
  clipFraction: number;
  /** Clients' local training: mean weight of the tokens with a nonzero advantage (below 1 when minAgreement or balanceGuard drop or damp them). */
  guardWeight: number;
}

export interface PostTrainingHooks extends Omit<RunHooks, 'onRound'> {
  onRound?(metrics: PostTrainingRoundMetrics): void;
}

export interface PostTrainingSummary {
  from: string;
  kind: FinalModel['kind'];
  /** Test accuracy and loss of the starting model. */
  baseAccuracy: number;
  baseLoss: number;
  /** The monitor on the starting model and after the last round. */
  baseMonitor: PredictionMonitor;
  finalMonitor: PredictionMonitor;
  /** Clients that may be sampled, and those left out because the base run trained on them. */
  eligibleClients: number;
  excludedClients: number;
  groupSize: number;
  temperature: number;
  klCoef: number;
  clip: { low: number; high: number; dual: number };
  rollout: 'step' | 'round';
  augment: { shift: number; noise: number };
  klAnchor: 'round' | 'base';
  minAgreement: number;
  balanceGuard: number;
  balanceTarget: 'base' | 'uniform';
}

export interface PostTrainingResult extends RunResult {
  postTraining: PostTrainingSummary;
}

export interface PostTrainingBaseInfo {
  /** Shown in the summary. */
  dir?: string;
  /** The base run's config: its partition is reused, and with `clients: unseen` its clients are left out. */
  config?: RunConfig;
}

function unlabeled(d: Dataset): UnlabeledSource {
  return { images: d.images, height: d.height, width: d.width, channels: d.channels, numClasses: d.numClasses };
}

function testSubset(d: Dataset, limit?: number): Dataset {
  const count = limit ? Math.min(limit, d.count) : d.count;
  const size = d.height * d.width * d.channels;
  return { ...d, images: d.images.subarray(0, count * size), labels: d.labels.subarray(0, count), count };
}

interface StatSums {
  reward: number;
  kl: number;
  clip: number;
  loss: number;
  weight: number;
  clients: number;
}

function addStats(s: StatSums, r: GrpoLocalStats): void {
  if (r.steps === 0) return;
  s.reward += r.meanReward;
  s.kl += r.klLoss;
  s.clip += r.clipFraction;
  s.loss += r.meanLoss;
  s.weight += r.guardWeight;
  s.clients++;
}

export async function runPostTraining(
  config: RunConfig,
  data: DatasetSplits,
  from: FinalModel,
  hooks: PostTrainingHooks = {},
  base: PostTrainingBaseInfo = {},
): Promise<PostTrainingResult> {
  const started = performance.now();
  checkPostTrainingConfig(config, from, base.config);
  const pt = config.postTraining!;
  const { federation, training } = config;
  const { arch } = from;
  const train = data.train;
  const { input } = arch;
  if (
    train.height !== input.height ||
    train.width !== input.width ||
    train.channels !== input.channels ||
    train.numClasses !== input.numClasses
  ) {
    throw new PostTrainingError(
      `the saved model expects ${input.height}x${input.width}x${input.channels} inputs with ${input.numClasses} classes; the data gives ${train.height}x${train.width}x${train.channels} with ${train.numClasses}`,
      'data.dataset',
    );
  }

  // The base run's partition (its seed), so that client c holds the same samples as there.
  const partitionRng = new Rng(base.config?.seed ?? config.seed).derive('partition');
  const parts = partitionDataset(train.labels, train.numClasses, federation.clients, config.data.partition, partitionRng);
  const sizes = partitionStats(parts, train.labels, train.numClasses);
  const excluded = pt.clients === 'unseen' && base.config ? labeledClients(base.config) : new Set<number>();
  const eligible = Array.from({ length: federation.clients }, (_, c) => c).filter((c) => !excluded.has(c) && parts[c].length > 0);
  if (eligible.length < federation.clientsPerRound) {
    throw new PostTrainingError(
      `only ${eligible.length} clients hold data the base run did not train on; expected at least federation.clientsPerRound (${federation.clientsPerRound})`,
      'federation.clientsPerRound',
    );
  }

  const root = new Rng(config.seed);
  const source = unlabeled(train);
  const pool: number[] = [];
  for (const c of eligible) for (const i of parts[c]) pool.push(i);
  const monitorIds = Uint32Array.from(
    root
      .derive('monitor-set')
      .sampleWithoutReplacement(pool.length, Math.min(pt.monitorSamples, pool.length))
      .map((k) => pool[k])
      .sort((a, b) => a - b),
  );
  const test = testSubset(data.test, config.data.testSubset);

  // The global model: supermask scores (a permutation of the base's values) or dense parameters.
  const mode = from.kind;
  const state = mode === 'supermask' ? new FrlGlobalState(from.scores) : undefined;
  const frozen = from.weights;
  const global: Float32Array[] = state ? state.scores : [Float32Array.from(from.weights[0])];
  const layerSizes = global.map((g) => g.length);
  const aggregator = createAggregator(config.aggregator);
  const serverLr = config.aggregator.serverLr ?? 1;
  const slotSizes = mode === 'dense' ? denseSlotSizes(arch) : layerSizes;
  const wireOptions = { ...config.communication, signs: config.aggregator.kind === 'signsgd-mv' };

  const inference = (): { weights: Float32Array[]; biases?: Float32Array[] } =>
    mode === 'dense'
      ? splitParams(arch, Float32Array.from(global[0]))
      : { weights: effectiveWeights(arch, frozen, global, from.keep, from.maskRule) };
  const evaluate = (): { accuracy: number; loss: number; monitor: (rng: Rng) => PredictionMonitor } => {
    const { weights, biases } = inference();
    const ev = evaluateWeights(arch, weights, test, { batchSize: config.evaluation.batchSize, biases });
    const logits = predictLogits(arch, weights, biases, source, monitorIds, config.evaluation.batchSize);
    return {
      accuracy: ev.accuracy,
      loss: ev.loss,
      monitor: (rng) => monitorPredictions(logits, input.numClasses, pt.groupSize, pt.temperature, rng),
    };
  };

  const before = evaluate();
  const baseMonitor = before.monitor(root.derive('monitor', 'base'));
  let finalMonitor = baseMonitor;
  let finalAccuracy = before.accuracy;
  let bestAccuracy = -Infinity;
  let bestRound = -1;
  let completedRounds = 0;
  let interrupted = false;
  const ledger = new CommunicationLedger(mode === 'supermask' ? 'ranking' : 'weights', layerSizes, wireOptions);

  const grpo = {
    groupSize: pt.groupSize,
    temperature: pt.temperature,
    klCoef: pt.klCoef,
    clip: pt.clip,
    rollout: pt.rollout,
    augment: pt.augment,
    minAgreement: pt.minAgreement,
    balanceGuard: pt.balanceGuard,
  };
  // The model post-training started from, for the 'base' KL anchor and the class-balance guard.
  const baseParams: Float32Array[] = global.map((g) => Float32Array.from(g));
  const referenceAnchor = pt.klAnchor === 'base' && pt.klCoef > 0;
  const balanceAnchor = pt.balanceGuard > 0 && pt.balanceTarget === 'base';
  // 'uniform': the guard compares the global model's predicted-class shares on the monitor
  // inputs (label-free counts clients could report) with 1/C.
  const uniformGuard = (m: PredictionMonitor): ClassGuard | undefined =>
    pt.balanceGuard > 0 && pt.balanceTarget === 'uniform'
      ? classGuard(
          m.predictedClasses.map(() => m.inputs / m.predictedClasses.length),
          m.predictedClasses,
          pt.balanceGuard,
        )
      : undefined;
  const yieldToEventLoop = (): Promise<void> => new Promise((r) => setImmediate(r));

  for (let round = 0; round < federation.rounds; round++) {
    const roundStart = performance.now();
    const clients = root
      .derive('sampling', round)
      .sampleWithoutReplacement(eligible.length, federation.clientsPerRound)
      .map((k) => eligible[k])
      .sort((a, b) => a - b);
    const lr = training.lr * Math.pow(training.lrDecay, round);
    const local: GrpoLocalOptions = {
      localEpochs: training.localEpochs,
      batchSize: training.batchSize,
      lr,
      momentum: training.momentum,
      weightDecay: training.weightDecay,
      grpo: { ...grpo, classGuard: uniformGuard(finalMonitor) },
    };
    const wire = new RoundWire(wireOptions, global, mode === 'supermask' ? 'ranking' : 'weights', layerSizes, slotSizes);
    const wireRng = root.derive('wire', round);
    const sums: StatSums = { reward: 0, kl: 0, clip: 0, loss: 0, weight: 0, clients: 0 };
    const accepted: ClientUpdate[] = [];
    let uploadBytes = 0;
    let rejected = 0;
    let done = 0;
    for (const c of clients) {
      const rng = root.derive('client', round, c);
      let update: ClientUpdate;
      if (state) {
        const r = trainGrpoSupermaskClient(
          arch,
          frozen,
          global,
          source,
          parts[c],
          { ...local, keep: from.keep, maskRule: from.maskRule },
          rng,
          {
            reference: referenceAnchor ? baseParams : undefined,
            balance: balanceAnchor ? baseParams : undefined,
          },
        );
        update = { kind: 'ranking', layers: rankingsOf(r.scores) };
        addStats(sums, r.stats);
      } else {
        const r = trainGrpoDenseClient(arch, global[0], source, parts[c], local, rng, {
          reference: referenceAnchor ? baseParams[0] : undefined,
          balance: balanceAnchor ? baseParams[0] : undefined,
        });
        update = { kind: 'weights', layers: [r.delta] };
        addStats(sums, r.stats);
      }
      const bytes = wire.encode(update, wireRng.derive(c));
      uploadBytes += bytes.length;
      const decoded = wire.decode(bytes);
      if (decoded === null || validateUpdate(decoded, layerSizes) !== null) rejected++;
      else accepted.push(decoded);
      done++;
      const progress: RunProgress = { round, rounds: federation.rounds, clientsDone: done, clientsPerRound: clients.length };
      hooks.onProgress?.(progress);
      await yieldToEventLoop();
      if (hooks.shouldStop?.()) break;
    }
    if (done < clients.length) {
      interrupted = true;
      break;
    }
    applyAggregate(aggregator, accepted, { f: 0, round, rng: root.derive('aggregator', round) }, { state, global, layerSizes, serverLr });
    const trainSeconds = (performance.now() - roundStart) / 1000;
    const downloadBytes = wire.download.length * clients.length;
    completedRounds = round + 1;
    ledger.addRound(uploadBytes, downloadBytes, clients.length);

    const isLast = round === federation.rounds - 1;
    if ((round + 1) % federation.evalEvery === 0 || isLast) {
      const evalStart = performance.now();
      const ev = evaluate();
      const monitor = ev.monitor(root.derive('monitor', round));
      finalMonitor = monitor;
      finalAccuracy = ev.accuracy;
      if (ev.accuracy > bestAccuracy) {
        bestAccuracy = ev.accuracy;
        bestRound = round;
      }
      const mean = (s: number): number => (sums.clients > 0 ? s / sums.clients : NaN);
      hooks.onRound?.({
        round,
        accuracy: ev.accuracy,
        loss: ev.loss,
        trainLoss: mean(sums.loss),
        seconds: (performance.now() - roundStart) / 1000,
        trainSeconds,
        evalSeconds: (performance.now() - evalStart) / 1000,
        lr,
        clients: clients.length,
        maliciousClients: 0,
        rejectedUpdates: rejected,
        uploadBytes,
        downloadBytes,
        uploadBytesPerClient: uploadBytes / clients.length,
        agreement: monitor.agreement,
        unanimous: monitor.unanimous,
        entropy: monitor.entropy,
        predictedClasses: monitor.predictedClasses,
        classBalance: monitor.classBalance,
        meanReward: mean(sums.reward),
        klLoss: mean(sums.kl),
        clipFraction: mean(sums.clip),
        guardWeight: mean(sums.weight),
      });
    }
    if (hooks.shouldStop?.()) {
      interrupted = completedRounds < federation.rounds;
      break;
    }
  }

  return {
    rounds: federation.rounds,
    completedRounds,
    interrupted,
    finalAccuracy,
    bestAccuracy: bestRound >= 0 ? bestAccuracy : NaN,
    bestRound,
    wallSeconds: (performance.now() - started) / 1000,
    workers: 1,
    model: { kind: mode, arch, weights: state ? frozen : global, scores: state ? global : [], keep: from.keep, maskRule: from.maskRule },
    communication: ledger.totals(),
    partition: { min: sizes.min, median: sizes.median, max: sizes.max },
    postTraining: {
      from: base.dir ?? pt.from,
      kind: mode,
      baseAccuracy: before.accuracy,
      baseLoss: before.loss,
      baseMonitor,
      finalMonitor,
      eligibleClients: eligible.length,
      excludedClients: federation.clients - eligible.length,
      groupSize: pt.groupSize,
      temperature: pt.temperature,
      klCoef: pt.klCoef,
      clip: pt.clip,
      rollout: pt.rollout,
      augment: pt.augment,
      klAnchor: pt.klAnchor,
      minAgreement: pt.minAgreement,
      balanceGuard: pt.balanceGuard,
      balanceTarget: pt.balanceTarget,
    },
  };
}
