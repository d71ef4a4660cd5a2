/**
 * Unsupervised federated post-training (MM-UPT, arXiv 2505.22453, for a classifier): start from a saved global model, give each client unlabeled local data, and per
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
import { Rng } from '@fedrank/random';
import { partitionDataset, partitionStats, type Dataset, type DatasetSplits } from '@fedrank/data';
import { evaluateWeights, monitorPredictions, predictLogits, type PredictionMonitor, type UnlabeledSource } from '@fedrank/supermask';
import { createAggregator } from '../aggregators/index.js';
import type { RunConfig } from '../config.js';
import { modelKindByName } from '../model-kinds/index.js';
import type { GlobalModel } from '../round/global-model.js';
import { runRounds } from '../round/run-rounds.js';
import { initialRunState } from '../round/run-state.js';
import { communicationTotals, type FinalModel, type RoundMetrics, type RunHooks, type RunResult } from '../run-federation.js';
import { postTrainingRound, type PostTrainingContext, type PostTrainingEvaluation, type PostTrainingState } from './post-training-round.js';
import { checkPostTrainingConfig, labeledClients } from './base-run.js';
import { currentBackend } from '@fedrank/tensor';
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

export interface PostTrainingHooks extends Omit<RunHooks, 'onRound' | 'onState'> {
  onRound?(metrics: PostTrainingRoundMetrics): void;
  onState?(state: PostTrainingState): void | Promise<void>;
}

export interface PostTrainingOptions {
  /** Continue from this state (a checkpoint) instead of the base model. */
  resumeFrom?: PostTrainingState;
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

export interface PostTrainingResult extends Omit<RunResult, 'state'> {
  postTraining: PostTrainingSummary;
  state: PostTrainingState;
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

export async function runPostTraining(
  config: RunConfig,
  data: DatasetSplits,
  from: FinalModel,
  hooks: PostTrainingHooks = {},
  base: PostTrainingBaseInfo = {},
  options: PostTrainingOptions = {},
): Promise<PostTrainingResult> {
  const started = performance.now();
  if (currentBackend()?.name === 'webgpu') {
    // Its GRPO steps read tensors synchronously, which WebGPU in Node cannot do.
    throw new PostTrainingError('post-training does not run on webgpu yet; use wasm or cpu', 'backend');
  }
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
  const kind = modelKindByName(from.kind);
  const { params: initialParams, constants } = kind.fromSaved(from, from.keep, from.maskRule);
  const layerSizes = initialParams.map((g) => g.length);
  const wireOptions = { ...config.communication, signs: config.aggregator.kind === 'signsgd-mv' };
  const evaluate = (global: GlobalModel): PostTrainingEvaluation => {
    const { weights, biases } = kind.inference(arch, constants, global.params);
    const ev = evaluateWeights(arch, weights, test, { batchSize: config.evaluation.batchSize, biases });
    const logits = predictLogits(arch, weights, biases, source, monitorIds, config.evaluation.batchSize);
    return {
      accuracy: ev.accuracy,
      loss: ev.loss,
      monitor: (rng) => monitorPredictions(logits, input.numClasses, pt.groupSize, pt.temperature, rng),
    };
  };

  const start = initialRunState<PostTrainingRoundMetrics>(initialParams.map((g) => Float32Array.from(g)));
  const before = evaluate(start.global);
  const baseMonitor = before.monitor(root.derive('monitor', 'base'));
  const ctx: PostTrainingContext = {
    root,
    arch,
    kind,
    constants,
    layerSizes,
    slotSizes: kind.slotSizes(arch, layerSizes),
    partition: parts,
    eligible,
    source,
    wire: wireOptions,
    rule: createAggregator(config.aggregator),
    serverLr: config.aggregator.serverLr ?? 1,
    federation,
    training,
    pt,
    // The model post-training started from, for the 'base' KL anchor and the class-balance guard.
    baseParams: start.global.params.map((g) => Float32Array.from(g)),
    evaluate,
  };

  const { state, interrupted } = await runRounds(
    options.resumeFrom ?? { ...start, finalAccuracy: before.accuracy, monitor: baseMonitor },
    federation.rounds,
    (state: PostTrainingState) => postTrainingRound(ctx, state, hooks),
    hooks,
  );

  return {
    rounds: federation.rounds,
    completedRounds: state.round,
    interrupted,
    finalAccuracy: state.finalAccuracy,
    bestAccuracy: state.best.round >= 0 ? state.best.accuracy : NaN,
    bestRound: state.best.round,
    wallSeconds: (performance.now() - started) / 1000,
    workers: 1,
    model: {
      kind: kind.name,
      arch,
      ...kind.toSaved(constants, state.global.params),
      keep: from.keep,
      maskRule: from.maskRule,
    },
    communication: communicationTotals(kind.update, layerSizes, wireOptions, state),
    partition: { min: sizes.min, median: sizes.median, max: sizes.max, emptyClients: sizes.emptyClients },
    state,
    postTraining: {
      from: base.dir ?? pt.from,
      kind: kind.name,
      baseAccuracy: before.accuracy,
      baseLoss: before.loss,
      baseMonitor,
      finalMonitor: state.monitor,
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
