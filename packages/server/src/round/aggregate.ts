/**
 * Aggregate: the rule combines the accepted updates and the model kind turns the result into the
 * next global model, returned as a value with the next version. A rule's state across rounds
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

/**
 * The next global model from the round's accepted updates. `f` is the Byzantine count the rule
 * assumes this round; the rule's randomness is the round's 'aggregator' stream.
 */
export function aggregateStage(ctx: ModelContext, state: RunState, accepted: readonly ClientUpdate[], f: number): Aggregated {
  const { rule } = ctx;
  const stateful = isStatefulAggregator(rule) ? rule : undefined;
  stateful?.restore(state.aggregator);
  const round = state.round;
  const params = ctx.kind.applyAggregate(
    rule,
    accepted,
    { f, round, rng: ctx.root.derive('aggregator', round) },
    state.global.params,
    ctx.constants,
    ctx.serverLr,
  );
  return { global: { version: state.global.version + 1, params }, ruleState: stateful ? stateful.state() : null };
}
