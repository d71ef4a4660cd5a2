/**
 * One round of federated training, told as its stages:
 *
 *   plan -> publish -> train -> craft -> receive -> aggregate -> evaluate -> record
 *
 * Receive and aggregate run while clients train: each participant's upload is received (bytes
 * counted, decoded, validated) as its training finishes and goes straight into the aggregation,
 * which a reducible rule folds at once (see aggregate.ts). The collusion pool trains first, so an
 * attack that does not see the benign updates crafts while the participants train; one that does
 * crafts after them. The result is the same as receiving and aggregating all uploads at the end.
 *
 * Each stage is a function with typed input and output (this folder, one file each); the round
 * passes values between them and returns the next run state. Random streams, all derived from the
 * run seed by name and round: 'sampling' (who takes part), 'client' (per client: batch order),
 * 'attack' (the collusion pool, the attack's own draws, the wire's garbage bytes), 'aggregator'.
 */
import type { AggregatorSpec } from '../aggregators/index.js';
import type { Attack, AttackSpec } from '../attacks/index.js';
import type { EvalChunk } from '../clients/client-task.js';
import type { ClientExecutor } from '../clients/executor.js';
import type { ModelContext } from './model-context.js';
import { startAggregation } from './aggregate.js';
import { craftSeesBenign, craftStage } from './craft.js';
import { evaluateStage } from './evaluate.js';
import { planRound, type AttackUse } from './plan.js';
import { roundWire, UploadReceiver } from './receive.js';
import { isEvaluated, recordStage } from './record.js';
import type { RoundMetrics } from './round-metrics.js';
import type { RunState } from './run-state.js';
import { trainStage, type LocalTraining, type TrainedClients } from './train.js';

/** What stays fixed over a run: built once from the config and the data. */
export interface FederationContext extends ModelContext {
  executor: ClientExecutor;
  evalChunks: readonly EvalChunk[];
  ruleSpec: AggregatorSpec;
  attack: Attack;
  attackSpec: AttackSpec;
  attackUse: AttackUse;
  maliciousClients: number;
  poolSize: number;
  /** The rule's assumed Byzantine count; absent: the round's malicious count. */
  f?: number;
  keptPositions?: readonly Uint8Array[];
  federation: { clients: number; clientsPerRound: number; rounds: number; evalEvery: number; redrawMaliciousMajority: boolean };
  training: LocalTraining & { lr: number; lrDecay: number };
}

export interface RoundHooks {
  onProgress?(done: number, total: number): void;
}

/** The next state, or null when the run was asked to stop before the round finished. */
export async function federatedRound(ctx: FederationContext, state: RunState, hooks: RoundHooks = {}): Promise<RunState | null> {
  const started = performance.now();
  const round = state.round;
  const { root, federation } = ctx;
  const attackRng = root.derive('attack', round);
  const plan = planRound({
    round,
    samplingRng: root.derive('sampling', round),
    attackRng,
    clients: federation.clients,
    clientsPerRound: federation.clientsPerRound,
    maliciousClients: ctx.maliciousClients,
    redrawMaliciousMajority: federation.redrawMaliciousMajority,
    attack: ctx.attackUse,
    poolSize: ctx.poolSize,
    lr: ctx.training.lr * Math.pow(ctx.training.lrDecay, round),
  });

  const f = ctx.f ?? plan.malicious;
  const aggregation = startAggregation(ctx, state, f);
  const receiver = new UploadReceiver(
    roundWire(ctx, state),
    ctx.layerSizes,
    (c) => attackRng.derive('wire', c),
    plan.participants.map((p) => p.clientId),
    aggregation,
  );

  // Crafted updates go to the receiver in their client-id slots: as soon as the collusion pool
  // has trained when the attack does not see the benign updates, else after all training.
  const seesBenign = craftSeesBenign(plan, ctx.attack, ctx.attackSpec);
  // The attack's own time: its crafting, without the pool's training.
  let craftSeconds = 0;
  const craftInto = (trained: Pick<TrainedClients, 'participants' | 'colluders'>): void => {
    const craftStarted = performance.now();
    const crafted = craftStage(plan, trained, {
      update: ctx.kind.update,
      attack: ctx.attack,
      spec: ctx.attackSpec,
      aggregatorSpec: ctx.ruleSpec,
      rng: attackRng,
      f,
      layerSizes: ctx.layerSizes,
      global: state.global.params,
      keep: ctx.constants.keep,
      maskRule: ctx.constants.maskRule,
      keptPositions: ctx.keptPositions,
    });
    craftSeconds += (performance.now() - craftStarted) / 1000;
    for (const [clientId, update] of crafted) receiver.receive({ clientId, update });
  };

  await ctx.executor.publish(state.global);
  const trained = await trainStage(ctx.executor, {
    plan,
    version: state.global.version,
    partition: ctx.partition,
    training: ctx.training,
    onProgress: (done, total) => hooks.onProgress?.(done, total),
    onColluders: seesBenign ? undefined : (colluders) => craftInto({ participants: new Map(), colluders }),
    onParticipant: (r) => receiver.receive({ clientId: r.clientId, update: r.update, trainLoss: r.meanLoss }),
    keepParticipants: seesBenign,
    longestFirst: aggregation.orderFree || !aggregation.streaming,
  });
  if (!trained.complete) return null;
  if (seesBenign) craftInto(trained);

  const received = receiver.finish();
  const next = aggregation.finish();
  const trainSeconds = (performance.now() - started) / 1000;

  let metrics: RoundMetrics | undefined;
  if (isEvaluated(round, federation.evalEvery, federation.rounds)) {
    const evalStart = performance.now();
    await ctx.executor.publish(next.global);
    const ev = await evaluateStage(ctx.executor, ctx.evalChunks, next.global);
    metrics = {
      round,
      accuracy: ev.accuracy,
      loss: ev.loss,
      trainLoss: received.trainLoss,
      seconds: (performance.now() - started) / 1000,
      trainSeconds,
      craftSeconds,
      evalSeconds: (performance.now() - evalStart) / 1000,
      lr: plan.lr,
      clients: plan.participants.length,
      maliciousClients: plan.malicious,
      rejectedUpdates: received.rejected,
      uploadBytes: received.uploadBytes,
      downloadBytes: received.downloadBytes,
      uploadBytesPerClient: received.uploadBytes / plan.participants.length,
    };
  }
  return recordStage(state, {
    global: next.global,
    ruleState: next.ruleState,
    uploadBytes: received.uploadBytes,
    downloadBytes: received.downloadBytes,
    clients: plan.participants.length,
    metrics,
  });
}
