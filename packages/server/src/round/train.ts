/**
 * Train: the participants that send their own training result, and the collusion pool, train
 * from the published global model in the client pool. Each participant's result is handed on as
 * it finishes (to the receive stage, while the others train) and kept only when the attack needs
 * the benign updates; the collusion pool's results are kept for the attack. Results are keyed by
 * client id and role, never by position.
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
  /** Each participant's result as it finishes, in any order. */
  onParticipant?: (result: TrainResult) => void;
  /** Keep the participants' results for the craft stage (an attack that sees the benign updates). */
  keepParticipants: boolean;
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
  const jobs: TrainJob[] = [
    ...plan.participants.filter((p) => p.sends === 'trained').map((p) => job(p.clientId, p.role ?? 'benign')),
    ...plan.colluders.map((c) => job(c, 'colluder')),
  ];
  const participants = new Map<number, TrainResult>();
  const colluders = new Map<number, TrainResult>();
  const done = await executor.train(jobs, (r, done) => {
    if (r.role === 'colluder') {
      colluders.set(r.clientId, r);
    } else {
      input.onParticipant?.(r);
      if (input.keepParticipants) participants.set(r.clientId, r);
    }
    input.onProgress?.(done, jobs.length);
  });
  return {
    participants,
    colluders: plan.colluders.flatMap((c) => colluders.get(c) ?? []),
    complete: done === jobs.length,
  };
}
