/**
 * Majority-vote self-reward (MM-UPT, arXiv 2505.22453; TTRL, arXiv 2504.16084): the pseudo-label
 * of a group of G sampled answers is the most common normalized answer (ties: the answer seen
 * first), and r_i = 1 if answer i agrees with it, else 0.
 * Missing answers: with `missing: 'vote'` (the reference's behaviour, where "no boxed answer"
 * is just another answer) they vote together and can win; with 'exclude' they do not vote, can
 * never win, and get reward 0.
 */
import { plurality } from '@fedrank/voting';
import { RewardsError } from './errors.js';
import { makeNormalizer, type Answer, type AnswerNormalizer, type NormalizeOptions } from './normalize.js';

export type MissingPolicy = 'vote' | 'exclude';

export interface MajorityOptions {
  /** How answers are compared: options for `normalizeAnswer`, or a ready normalizer. */
  normalize?: NormalizeOptions | AnswerNormalizer;
  /** Whether missing answers vote ('vote', the reference's default) or are dropped ('exclude'). */
  missing?: MissingPolicy;
}

export interface MajorityVote {
  /** The winning normalized answer; null when "no answer" won or nobody voted. */
  answer: string | null;
  /** Votes for the winner (0 when nobody voted). */
  count: number;
  /** Index of the first answer of the winning class, -1 when nobody voted. */
  index: number;
  /** How many answers voted (G with 'vote'; the non-missing ones with 'exclude'). */
  voters: number;
}

function resolveNormalizer(normalize: MajorityOptions['normalize']): AnswerNormalizer {
  return typeof normalize === 'function' ? normalize : makeNormalizer(normalize);
}

function resolveMissing(missing: MissingPolicy | undefined): MissingPolicy {
  const m = missing ?? 'vote';
  if (m !== 'vote' && m !== 'exclude') {
    throw new RewardsError(`missing must be 'vote' or 'exclude', got ${String(m)}`, 'missing');
  }
  return m;
}

/** Key under which missing answers vote; cannot collide with a normalized answer (always a string). */
const MISSING_KEY = '\u0000missing';

interface Ballot {
  index: number;
  key: string | null;
}

function tally(keys: readonly (string | null)[], missing: MissingPolicy): MajorityVote {
  const ballots: Ballot[] = keys.map((key, index) => ({ index, key }));
  const r = plurality(ballots, {
    key: (b) => b.key ?? MISSING_KEY,
    include: missing === 'exclude' ? (b) => b.key !== null : undefined,
  });
  let voters = 0;
  for (const c of r.counts.values()) voters += c;
  if (r.winner === undefined) return { answer: null, count: 0, index: -1, voters };
  return { answer: r.winner.key, count: r.count, index: r.winner.index, voters };
}

/** The majority answer of a group and its vote count. */
export function majorityVote(answers: readonly Answer[], options: MajorityOptions = {}): MajorityVote {
  const normalize = resolveNormalizer(options.normalize);
  return tally(answers.map(normalize), resolveMissing(options.missing));
}

export interface MajorityRewards {
  vote: MajorityVote;
  /** 1 for answers agreeing with the majority, 0 otherwise. */
  rewards: number[];
}

/** The vote and the per-answer rewards in one pass. */
export function majorityVoteAndRewards(answers: readonly Answer[], options: MajorityOptions = {}): MajorityRewards {
  const normalize = resolveNormalizer(options.normalize);
  const missing = resolveMissing(options.missing);
  const keys = answers.map(normalize);
  const vote = tally(keys, missing);
  const rewards = keys.map((k) => {
    if (vote.index < 0) return 0;
    if (k === null) return missing === 'vote' && vote.answer === null ? 1 : 0;
    return k === vote.answer ? 1 : 0;
  });
  return { vote, rewards };
}

/** Rewards r_i = 1 if answer i agrees with the group's majority answer, else 0. */
export function majorityRewards(answers: readonly Answer[], options: MajorityOptions = {}): number[] {
  return majorityVoteAndRewards(answers, options).rewards;
}
