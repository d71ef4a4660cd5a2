// One round as its stages, and the run state a round maps to the next.
export * from './global-model.js';
export * from './round-metrics.js';
export * from './run-state.js';
export { planRound, type Participant, type RoundPlan, type AttackUse } from './plan.js';
export { trainStage, type TrainedClients } from './train.js';
export { craftSeesBenign, craftStage } from './craft.js';
export { receiveAll, receiveStage, roundWire, UploadReceiver, type ReceivedUpdates, type SentUpdate, type UpdateSink } from './receive.js';
export { aggregateStage, startAggregation, type Aggregated, type Aggregation } from './aggregate.js';
export { evaluateStage, type Evaluation } from './evaluate.js';
export { recordStage, isEvaluated } from './record.js';
export { federatedRound, type FederationContext } from './federated-round.js';
export { runRounds, type RunLoopHooks } from './run-rounds.js';
export type { ModelContext } from './model-context.js';
