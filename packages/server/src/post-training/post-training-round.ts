/**
 * One round of unsupervised post-training, with the federated round's stages where they are the
 * same (receive, aggregate, record) and its own where they differ:
 *
 *   plan (sample among the eligible clients) -> train (GRPO with majority-vote self-rewards, in
 *   this thread) -> receive -> aggregate -> evaluate (test accuracy + the label-free monitor)
 *   -> record
 *
 * Random streams, from the run seed: 'sampling' (per round), 'client' (per round and client:
 * shuffling and the sampled labels), 'monitor' (per round), 'wire' (per round and client),
 * 'aggregator' (per round).
 */
import type { Rng } from '@fedrank/random';
import {
  classGuard,
  trainGrpoDenseClient,
  trainGrpoSupermaskClient,
  rankingsOf,
  type ClassGuard,
  type GrpoLocalOptions,
  type GrpoLocalStats,
  type PredictionMonitor,
  type UnlabeledSource,
} from '@fedrank/supermask';
import type { RunConfig } from '../config.js';
import { aggregateStage } from '../round/aggregate.js';
import type { GlobalModel } from '../round/global-model.js';
import { receiveStage, type SentUpdate } from '../round/receive.js';
import { isEvaluated, recordStage } from '../round/record.js';
import type { ModelContext } from '../round/model-context.js';
import type { RunState } from '../round/run-state.js';
import type { RunProgress } from '../run-federation.js';
import type { ClientUpdate } from '../updates.js';
import type { PostTrainingRoundMetrics } from './run-post-training.js';

/** The run state of post-training: the federated one plus the last monitor (the uniform class guard reads it). */
export type PostTrainingState = RunState<PostTrainingRoundMetrics> & { monitor: PredictionMonitor };

export interface PostTrainingEvaluation {
  accuracy: number;
  loss: number;
  monitor: (rng: Rng) => PredictionMonitor;
}

export interface PostTrainingContext extends ModelContext {
  /** Clients that may be sampled. */
  eligible: readonly number[];
  source: UnlabeledSource;
  federation: RunConfig['federation'];
  training: RunConfig['training'];
  pt: NonNullable<RunConfig['postTraining']>;
  baseParams: readonly Float32Array[];
  evaluate(global: GlobalModel): PostTrainingEvaluation;
}

export interface PostTrainingRoundHooks {
  onProgress?(progress: RunProgress): void;
  shouldStop?(): boolean;
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

/** Plan: the round's clients, drawn among the eligible ones, in id order. */
export function planPostTrainingRound(ctx: PostTrainingContext, round: number): number[] {
  return ctx.root
    .derive('sampling', round)
    .sampleWithoutReplacement(ctx.eligible.length, ctx.federation.clientsPerRound)
    .map((k) => ctx.eligible[k])
    .sort((a, b) => a - b);
}

/** 'uniform' balance target: the global model's predicted-class shares on the monitor inputs against 1/C. */
function uniformGuard(pt: PostTrainingContext['pt'], m: PredictionMonitor): ClassGuard | undefined {
  if (!(pt.balanceGuard > 0 && pt.balanceTarget === 'uniform')) return undefined;
  return classGuard(
    m.predictedClasses.map(() => m.inputs / m.predictedClasses.length),
    m.predictedClasses,
    pt.balanceGuard,
  );
}

const yieldToEventLoop = (): Promise<void> => new Promise((r) => setImmediate(r));

/** Train: each client's GRPO local training from the global model; null when asked to stop first. */
async function trainPostTrainingClients(
  ctx: PostTrainingContext,
  state: PostTrainingState,
  clients: readonly number[],
  lr: number,
  hooks: PostTrainingRoundHooks,
): Promise<{ sent: SentUpdate[]; sums: StatSums } | null> {
  const { pt, training, kind } = ctx;
  const round = state.round;
  const local: GrpoLocalOptions = {
    localEpochs: training.localEpochs,
    batchSize: training.batchSize,
    lr,
    momentum: training.momentum,
    weightDecay: training.weightDecay,
    grpo: {
      groupSize: pt.groupSize,
      temperature: pt.temperature,
      klCoef: pt.klCoef,
      clip: pt.clip,
      rollout: pt.rollout,
      augment: pt.augment,
      minAgreement: pt.minAgreement,
      balanceGuard: pt.balanceGuard,
      classGuard: uniformGuard(pt, state.monitor),
    },
  };
  const referenceAnchor = pt.klAnchor === 'base' && pt.klCoef > 0;
  const balanceAnchor = pt.balanceGuard > 0 && pt.balanceTarget === 'base';
  const params = state.global.params as Float32Array[];
  const sums: StatSums = { reward: 0, kl: 0, clip: 0, loss: 0, weight: 0, clients: 0 };
  const sent: SentUpdate[] = [];
  for (const c of clients) {
    const rng = ctx.root.derive('client', round, c);
    let update: ClientUpdate;
    if (kind.update === 'ranking') {
      const r = trainGrpoSupermaskClient(
        ctx.arch,
        ctx.constants.frozen,
        params,
        ctx.source,
        ctx.partition[c],
        { ...local, keep: ctx.constants.keep, maskRule: ctx.constants.maskRule },
        rng,
        { reference: referenceAnchor ? ctx.baseParams : undefined, balance: balanceAnchor ? ctx.baseParams : undefined },
      );
      update = { kind: 'ranking', layers: rankingsOf(r.scores) };
      addStats(sums, r.stats);
    } else {
      const r = trainGrpoDenseClient(ctx.arch, params[0], ctx.source, ctx.partition[c], local, rng, {
        reference: referenceAnchor ? ctx.baseParams[0] : undefined,
        balance: balanceAnchor ? ctx.baseParams[0] : undefined,
      });
      update = { kind: 'weights', layers: [r.delta] };
      addStats(sums, r.stats);
    }
    sent.push({ clientId: c, update });
    hooks.onProgress?.({ round, rounds: ctx.federation.rounds, clientsDone: sent.length, clientsPerRound: clients.length });
    await yieldToEventLoop();
    if (hooks.shouldStop?.() && sent.length < clients.length) return null;
  }
  return { sent, sums };
}

export async function postTrainingRound(
  ctx: PostTrainingContext,
  state: PostTrainingState,
  hooks: PostTrainingRoundHooks = {},
): Promise<PostTrainingState | null> {
  const started = performance.now();
  const round = state.round;
  const clients = planPostTrainingRound(ctx, round);
  const lr = ctx.training.lr * Math.pow(ctx.training.lrDecay, round);
  const trained = await trainPostTrainingClients(ctx, state, clients, lr, hooks);
  if (trained === null) return null;

  const wireRng = ctx.root.derive('wire', round);
  const received = receiveStage(ctx, state, trained.sent, (c) => wireRng.derive(c));
  const next = aggregateStage(ctx, state, received.accepted, 0);
  const trainSeconds = (performance.now() - started) / 1000;

  let metrics: PostTrainingRoundMetrics | undefined;
  let monitor = state.monitor;
  if (isEvaluated(round, ctx.federation.evalEvery, ctx.federation.rounds)) {
    const evalStart = performance.now();
    const ev = ctx.evaluate(next.global);
    monitor = ev.monitor(ctx.root.derive('monitor', round));
    const { sums } = trained;
    const mean = (s: number): number => (sums.clients > 0 ? s / sums.clients : NaN);
    metrics = {
      round,
      accuracy: ev.accuracy,
      loss: ev.loss,
      trainLoss: mean(sums.loss),
      seconds: (performance.now() - started) / 1000,
      trainSeconds,
      craftSeconds: 0,
      evalSeconds: (performance.now() - evalStart) / 1000,
      lr,
      clients: clients.length,
      maliciousClients: 0,
      rejectedUpdates: received.rejected,
      uploadBytes: received.uploadBytes,
      downloadBytes: received.downloadBytes,
      uploadBytesPerClient: received.uploadBytes / clients.length,
      agreement: monitor.agreement,
      unanimous: monitor.unanimous,
      entropy: monitor.entropy,
      predictedClasses: monitor.predictedClasses,
      classBalance: monitor.classBalance,
      meanReward: mean(sums.reward),
      klLoss: mean(sums.kl),
      clipFraction: mean(sums.clip),
      guardWeight: mean(sums.weight),
    };
  }
  const recorded = recordStage(state, {
    global: next.global,
    ruleState: next.ruleState,
    uploadBytes: received.uploadBytes,
    downloadBytes: received.downloadBytes,
    clients: clients.length,
    metrics,
  });
  return { ...recorded, monitor };
}
