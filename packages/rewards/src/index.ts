// @fedrank/rewards: majority-vote self-rewards and the GRPO loss over plain arrays (MM-UPT,
// arXiv 2505.22453). No tfjs here; the differentiable loss lives in '@fedrank/rewards/tf'.
export { RewardsError } from './errors.js';
export { extractBoxed, extractAllBoxed, type BoxedWhich } from './boxed.js';
export { parseNumber, canonicalNumber, canonicalizeNumeric, numericallyEqual } from './numeric.js';
export {
  normalizeAnswer,
  makeNormalizer,
  composeHooks,
  answersAgree,
  trimAnswer,
  collapseWhitespace,
  foldCase,
  unwrapMath,
  type Answer,
  type AnswerHook,
  type AnswerNormalizer,
  type NormalizeOptions,
} from './normalize.js';
export {
  majorityVote,
  majorityRewards,
  majorityVoteAndRewards,
  type MajorityOptions,
  type MajorityVote,
  type MajorityRewards,
  type MissingPolicy,
} from './majority.js';
export { groupAdvantages, DEFAULT_ADVANTAGE_EPS, type AdvantageOptions } from './advantages.js';
export { selfReward, type SelfReward, type SelfRewardOptions } from './self-reward.js';
export { klK3, K3_CLAMP, K3_LOG_RATIO_CLAMP } from './kl.js';
export {
  clippedSurrogate,
  importanceRatio,
  resolveClip,
  DEFAULT_CLIP,
  LOG_RATIO_CLAMP,
  type ClipOptions,
  type ResolvedClip,
} from './surrogate.js';
export { tokenMean, sequenceMean, aggregate, type Aggregation, type Ragged, type RaggedMask } from './aggregate.js';
export { grpoObjective, DEFAULT_KL_COEF, type GrpoInput, type GrpoOptions, type GrpoTerms } from './grpo.js';
