/**
 * Aggregate: the rule combines the accepted updates and the model kind turns the result into the
 * next global model, returned as a value with the next version. A rule's state across rounds
 * (centered clipping's center) comes in and goes out with the run state.
 */
import type { Rng } from '@fedrank/random';
import { isStatefulAggregator, type Aggregator } from '../aggregators/index.js';
import type { ModelConstants, ModelKind } from '../model-kinds/index.js';
import type { ClientUpdate } from '../updates.js';
import type { GlobalModel } from './global-model.js';

export interface AggregateInput {
  kind: ModelKind;
  rule: Aggregator;
  accepted: readonly ClientUpdate[];
  global: GlobalModel;
  constants: ModelConstants;
  /** The rule's state from the previous round. */
  ruleState: Float64Array | null;
  f: number;
  round: number;
  /** The round's 'aggregator' stream. */
  rng: Rng;
  serverLr: number;
}

export interface Aggregated {
  global: GlobalModel;
  ruleState: Float64Array | null;
}

export function aggregateStage(input: AggregateInput): Aggregated {
  const { rule } = input;
  const stateful = isStatefulAggregator(rule) ? rule : undefined;
  stateful?.restore(input.ruleState);
  const params = input.kind.applyAggregate(
    rule,
    input.accepted,
    { f: input.f, round: input.round, rng: input.rng },
    input.global.params,
    input.constants,
    input.serverLr,
  );
  return { global: { version: input.global.version + 1, params }, ruleState: stateful ? stateful.state() : null };
}
