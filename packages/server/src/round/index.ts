// One round as its stages, and the run state a round maps to the next.
export * from './global-model.js';
export * from './round-metrics.js';
export * from './run-state.js';
export { planRound, type Participant, type RoundPlan, type AttackUse } from './plan.js';
export { trainStage, type TrainedClients } from './train.js';
export { craftStage } from './craft.js';
export { receiveStage, type ReceivedUpdates, type SentUpdate } from './receive.js';
export { aggregateStage, type Aggregated } from './aggregate.js';
export { evaluateStage, type Evaluation } from './evaluate.js';
export { recordStage, isEvaluated } from './record.js';
export { federatedRound, type FederationContext } from './federated-round.js';
export { runRounds, type RunLoopHooks } from './run-rounds.js';
export type { ModelContext } from './model-context.js';
