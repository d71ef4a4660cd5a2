/**
 * Aggregate: the rule combines the accepted updates and the model kind turns the result into the
 * next global model, returned as a value with the next version. A reducible rule with a fold
 * (frl-vote, fedavg, signsgd-mv) takes each update as the receive stage accepts it, so only its
 * final step (the sort, the division, the sign) is left for the end of the round and the updates
 * are not kept; any other rule receives all accepted updates at once. A rule's state across rounds
 * (centered clipping's center) comes in and goes out with the run state.
 */
import { isStatefulAggregator } from '../aggregators/index.js';
import type { ClientUpdate } from '../updates.js';
import type { GlobalModel } from './global-model.js';
import type { ModelContext } from './model-context.js';
import type { RunState } from './run-state.js';

export interface Aggregated {
  global: GlobalModel;
  ruleState: Float64Array | null;
}

/** The round's aggregation, fed one accepted update at a time. */
export interface Aggregation {
  /** Updates may be added in any order; otherwise they must come in client-id order. */
  readonly orderFree: boolean;
  /** True when updates are folded as they come; false when they are held for the rule. */
  readonly streaming: boolean;
  add(update: ClientUpdate): void;
  /** The next global model (the current one when nothing was accepted). */
  finish(): Aggregated;
}

/**
 * Starts the aggregation of round `state.round`. `f` is the Byzantine count the rule assumes this
 * round; the rule's randomness is the round's 'aggregator' stream.
 */
export function startAggregation(ctx: ModelContext, state: RunState, f: number): Aggregation {
  const { rule } = ctx;
  const stateful = isStatefulAggregator(rule) ? rule : undefined;
  stateful?.restore(state.aggregator);
  const round = state.round;
  const ruleCtx = { f, round, rng: ctx.root.derive('aggregator', round) };
  const aggregated = (params: Float32Array[]): Aggregated => ({
    global: { version: state.global.version + 1, params },
    ruleState: stateful ? stateful.state() : null,
  });
  const params = state.global.params;
  const fold = ctx.kind.foldAggregate(rule, ruleCtx, ctx.layerSizes);
  if (fold) {
    return {
      orderFree: fold.orderFree,
      streaming: true,
      add: (update) => fold.add(update),
      finish: () => aggregated(fold.count === 0 ? (params as Float32Array[]) : fold.finish(params, ctx.constants, ctx.serverLr)),
    };
  }
  const accepted: ClientUpdate[] = [];
  return {
    orderFree: false,
    streaming: false,
    add: (update) => accepted.push(update),
    finish: () => aggregated(ctx.kind.applyAggregate(rule, accepted, ruleCtx, params, ctx.constants, ctx.serverLr)),
  };
}

/** The next global model from the round's accepted updates (in client-id order), all at once. */
export function aggregateStage(ctx: ModelContext, state: RunState, accepted: readonly ClientUpdate[], f: number): Aggregated {
  const aggregation = startAggregation(ctx, state, f);
  for (const update of accepted) aggregation.add(update);
  return aggregation.finish();
}
