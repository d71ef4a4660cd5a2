/**
 * One group's self-reward pipeline (MM-UPT, arXiv 2505.22453): vote -> rewards -> advantages,
 *   r_i = [key(a_i) = majority],  A_i = (r_i - mean r) / (std r + eps).
 */
import { groupAdvantages, type AdvantageOptions } from './advantages.js';
import { majorityVoteAndRewards, type MajorityOptions, type MajorityVote } from './majority.js';
import type { Answer } from './normalize.js';

export interface SelfRewardOptions extends MajorityOptions, AdvantageOptions {}

export interface SelfReward {
  vote: MajorityVote;
  rewards: number[];
  advantages: number[];
}

export function selfReward(answers: readonly Answer[], options: SelfRewardOptions = {}): SelfReward {
  const { vote, rewards } = majorityVoteAndRewards(answers, options);
  return { vote, rewards, advantages: groupAdvantages(rewards, options) };
}
