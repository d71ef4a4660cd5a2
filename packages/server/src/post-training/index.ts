// Unsupervised federated post-training by majority-vote self-rewards and GRPO (MM-UPT).
export {
  postTrainingSchema,
  DEFAULT_POST_TRAINING_CLIP,
  type PostTrainingConfig,
  type PostTrainingConfigInput,
} from './post-training-config.js';
export { PostTrainingError } from './errors.js';
export { checkPostTrainingConfig, labeledClients, loadPostTrainingBase, type PostTrainingBase } from './base-run.js';
export {
  runPostTraining,
  type PostTrainingBaseInfo,
  type PostTrainingHooks,
  type PostTrainingResult,
  type PostTrainingRoundMetrics,
  type PostTrainingSummary,
} from './run-post-training.js';
export { postTrainingRound, type PostTrainingState, type PostTrainingContext } from './post-training-round.js';
