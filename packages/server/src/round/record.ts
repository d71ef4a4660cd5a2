/**
 * Record: the next run state after a completed round: its bytes added to the communication sums,
 * and, when the round was evaluated, its metrics appended and the best accuracy updated.
 */
import type { GlobalModel } from './global-model.js';
import type { RoundMetrics } from './round-metrics.js';
import type { RunState } from './run-state.js';

export interface CompletedRound<M extends RoundMetrics> {
  global: GlobalModel;
  ruleState: Float64Array | null;
  uploadBytes: number;
  downloadBytes: number;
  clients: number;
  /** Present when the round was evaluated. */
  metrics?: M;
}

export function recordStage<M extends RoundMetrics>(state: RunState<M>, done: CompletedRound<M>): RunState<M> {
  const m = done.metrics;
  const better = m !== undefined && m.accuracy > state.best.accuracy;
  return {
    ...state,
    round: state.round + 1,
    global: done.global,
    aggregator: done.ruleState,
    finalAccuracy: m ? m.accuracy : state.finalAccuracy,
    best: better ? { accuracy: m.accuracy, round: m.round } : state.best,
    communication: {
      uploadBytes: state.communication.uploadBytes + done.uploadBytes,
      downloadBytes: state.communication.downloadBytes + done.downloadBytes,
      clientRounds: state.communication.clientRounds + done.clients,
    },
    metrics: m ? [...state.metrics, m] : state.metrics,
  };
}

/** Whether round r (0-based) is evaluated: every `evalEvery` rounds and the last. */
export function isEvaluated(round: number, evalEvery: number, rounds: number): boolean {
  return (round + 1) % evalEvery === 0 || round === rounds - 1;
}
