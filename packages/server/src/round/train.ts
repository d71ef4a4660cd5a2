/**
 * Train: the participants that send their own training result, and the collusion pool, train
 * from the published global model in the client pool. Results are keyed by client id and role,
 * never by position.
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
  /** Participants' results by client id. */
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
  const results = await executor.train(jobs, (done) => input.onProgress?.(done, jobs.length));
  const participants = new Map<number, TrainResult>();
  const colluders: TrainResult[] = [];
  for (const r of results) {
    if (r.role === 'colluder') colluders.push(r);
    else participants.set(r.clientId, r);
  }
  return { participants, colluders, complete: results.length === jobs.length };
}
