/**
 * Every built-in attack: one import and one line per attack. The run config's `attack` block,
 * `createAttack` and the kind lists are derived from this list.
 */
import { agrTailoredDescriptor } from './agr-tailored.js';
import { fangDescriptor } from './fang.js';
import { gaussianDescriptor } from './gaussian.js';
import { ipmDescriptor } from './ipm.js';
import { labelFlipDescriptor } from './label-flip.js';
import { lieDescriptor } from './lie.js';
import { malformedDescriptor } from './malformed.js';
import { minMaxDescriptor } from './min-max.js';
import { minSumDescriptor } from './min-sum.js';
import { noneDescriptor } from './none.js';
import { randomRankingDescriptor } from './random-ranking.js';
import { rankReversalDescriptor } from './rank-reversal.js';
import { scalingDescriptor } from './scaling.js';
import { signFlipDescriptor } from './sign-flip.js';
import { vemDescriptor } from './vem.js';

export const ATTACKS = [
  noneDescriptor,
  rankReversalDescriptor,
  randomRankingDescriptor,
  vemDescriptor,
  scalingDescriptor,
  signFlipDescriptor,
  gaussianDescriptor,
  lieDescriptor,
  ipmDescriptor,
  fangDescriptor,
  minMaxDescriptor,
  minSumDescriptor,
  agrTailoredDescriptor,
  labelFlipDescriptor,
  malformedDescriptor,
] as const;
