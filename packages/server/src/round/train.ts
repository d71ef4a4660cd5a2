/**
 * Train: the collusion pool, then the participants that send their own training result, train
 * from the published global model in the client pool. The pool's results are handed to the
 * attack once all are in (so it can craft while the participants train); each participant's
 * result is handed on as it finishes (to the receive stage, while the others train) and kept only
 * when the attack needs the benign updates. Results are keyed by client id and role, never by
 * position, so the order jobs run in changes no result.
 */
import type { ClientExecutor } from '../clients/executor.js';
import type { TrainJob, TrainResult } from '../clients/client-task.js';
import type { RoundPlan } from './plan.js';

export interface LocalTraining {
  localEpochs: number;
  batchSize: number;
  momentum: number;
  weightDecay: number;
}

export interface TrainedClients {
  /** Participants' results by client id, when kept (TrainStageInput.keepParticipants); else empty. */
  participants: Map<number, TrainResult>;
  /** The collusion pool's honest results, in pool order. */
  colluders: TrainResult[];
  /** False when the run was asked to stop before every job finished. */
  complete: boolean;
}

export interface TrainStageInput {
  plan: RoundPlan;
  version: number;
  partition: readonly Uint32Array[];
  training: LocalTraining;
  onProgress?: (done: number, total: number) => void;
  /** The collusion pool's results in pool order, once all are in (at once when the pool is empty). */
  onColluders?: (colluders: TrainResult[]) => void;
  /** Each participant's result as it finishes, in any order. */
  onParticipant?: (result: TrainResult) => void;
  /** Keep the participants' results for the craft stage (an attack that sees the benign updates). */
  keepParticipants: boolean;
  /**
   * Start the clients with the most samples first (within the pool, then within the
   * participants), so that the pool does not end on one long client while the other workers
   * idle. Only for a receiver that takes updates in any order (or holds them all): an ordered
   * fold would have to hold the early finishers until the lower ids are in.
   */
  longestFirst: boolean;
}

export async function trainStage(executor: ClientExecutor, input: TrainStageInput): Promise<TrainedClients> {
  const { plan } = input;
  const job = (clientId: number, role: TrainJob['role']): TrainJob => ({
    round: plan.round,
    version: input.version,
    clientId,
    role,
    indices: input.partition[clientId],
    training: { ...input.training, lr: plan.lr, labelFlip: role === 'label-flipper' },
  });
  // Array.prototype.sort is stable: equal sizes keep their order.
  const schedule = (group: TrainJob[]): TrainJob[] =>
    input.longestFirst ? group.sort((a, b) => b.indices.length - a.indices.length) : group;
  const jobs: TrainJob[] = [
    ...schedule(plan.colluders.map((c) => job(c, 'colluder'))),
    ...schedule(plan.participants.filter((p) => p.sends === 'trained').map((p) => job(p.clientId, p.role ?? 'benign'))),
  ];
  const participants = new Map<number, TrainResult>();
  const colluders = new Map<number, TrainResult>();
  const pool = (): TrainResult[] => plan.colluders.flatMap((c) => colluders.get(c) ?? []);
  if (plan.colluders.length === 0) input.onColluders?.([]);
  const done = await executor.train(jobs, (r, done) => {
    if (r.role === 'colluder') {
      colluders.set(r.clientId, r);
      if (colluders.size === plan.colluders.length) input.onColluders?.(pool());
    } else {
      input.onParticipant?.(r);
      if (input.keepParticipants) participants.set(r.clientId, r);
    }
    input.onProgress?.(done, jobs.length);
  });
  return {
    participants,
    colluders: pool(),
    complete: done === jobs.length,
  };
}
