/**
 * Everything a run needs to continue, as one value: `state = await round(context, state)`.
 * Saving it and restoring it (run-state-file.ts) is what a checkpoint does.
 *
 * Random streams need no saved state: every stream is derived from the run seed by name and
 * round (and client), e.g. `derive('sampling', round)`, so round r draws the same numbers
 * whether the run started at round 0 or resumed at round r. The round index is their state.
 */
import type { GlobalModel } from './global-model.js';
import type { RoundMetrics } from './round-metrics.js';

export interface CommunicationSums {
  uploadBytes: number;
  downloadBytes: number;
  /** Sum over rounds of the clients sampled in the round. */
  clientRounds: number;
}

export interface RunState<M extends RoundMetrics = RoundMetrics> {
  /** Rounds completed, i.e. the index of the next round. */
  round: number;
  /** The global model after `round` rounds (its version is `round`). */
  global: GlobalModel;
  /** The aggregation rule's state across rounds (centered clipping's center), null for stateless rules. */
  aggregator: Float64Array | null;
  /** The last evaluated accuracy (NaN before the first evaluation). */
  finalAccuracy: number;
  /** The best evaluated accuracy and its round (round -1 before the first evaluation). */
  best: { accuracy: number; round: number };
  communication: CommunicationSums;
  /** The metrics of every evaluated round so far, in order. */
  metrics: M[];
}

export function initialRunState<M extends RoundMetrics>(params: readonly Float32Array[]): RunState<M> {
  return {
    round: 0,
    global: { version: 0, params },
    aggregator: null,
    finalAccuracy: NaN,
    best: { accuracy: -Infinity, round: -1 },
    communication: { uploadBytes: 0, downloadBytes: 0, clientRounds: 0 },
    metrics: [],
  };
}
