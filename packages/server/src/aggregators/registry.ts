/**
 * Every built-in aggregation rule: one import and one line per rule. The run config's
 * `aggregator` block, `createAggregator` and the kind lists are derived from this list.
 */
import { bulyanDescriptor } from './bulyan.js';
import { centeredClippingDescriptor } from './centered-clipping.js';
import { fedavgDescriptor } from './fedavg.js';
import { frlVoteDescriptor } from './frl-vote.js';
import { geometricMedianDescriptor } from './geometric-median.js';
import { krumDescriptor } from './krum.js';
import { medianDescriptor } from './median.js';
import { multiKrumDescriptor } from './multi-krum.js';
import { signSgdMvDescriptor } from './signsgd-mv.js';
import { trimmedMeanDescriptor } from './trimmed-mean.js';
import { uniformPhantomDescriptor } from './uniform-phantom.js';

export const AGGREGATORS = [
  frlVoteDescriptor,
  fedavgDescriptor,
  medianDescriptor,
  trimmedMeanDescriptor,
  krumDescriptor,
  multiKrumDescriptor,
  bulyanDescriptor,
  centeredClippingDescriptor,
  geometricMedianDescriptor,
  signSgdMvDescriptor,
  uniformPhantomDescriptor,
] as const;
