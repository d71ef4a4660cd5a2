/**
 * The run loop shared by federated training and post-training: `state = await round(state)`
 * until the last round, reporting each evaluated round's metrics and every state reached (for
 * checkpoints), and ending early when the round could not finish or the caller asks to stop.
 */
import type { RoundMetrics } from './round-metrics.js';
import type { RunState } from './run-state.js';

export interface RunLoopHooks<M extends RoundMetrics, S extends RunState<M>> {
  onRound?(metrics: M): void;
  onState?(state: S): void | Promise<void>;
  shouldStop?(): boolean;
}

export async function runRounds<M extends RoundMetrics, S extends RunState<M>>(
  start: S,
  rounds: number,
  round: (state: S) => Promise<S | null>,
  hooks: RunLoopHooks<M, S>,
): Promise<{ state: S; interrupted: boolean }> {
  let state = start;
  while (state.round < rounds) {
    const index = state.round;
    const next = await round(state);
    if (next === null) return { state, interrupted: true };
    state = next;
    const last = state.metrics.at(-1);
    if (last?.round === index) hooks.onRound?.(last);
    await hooks.onState?.(state);
    if (hooks.shouldStop?.() && state.round < rounds) return { state, interrupted: true };
  }
  return { state, interrupted: false };
}
