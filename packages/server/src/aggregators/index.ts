/**
 * Aggregation rules of the server: `createAggregator(spec)` builds one from its config spec.
 * Weight rules take flat Float32Array deltas; `frl-vote` takes per-layer rankings.
 */
import { Bulyan } from './bulyan.js';
import { CenteredClipping } from './centered-clipping.js';
import { FedAvg } from './fedavg.js';
import { FrlVote } from './frl-vote.js';
import { GeometricMedian } from './geometric-median.js';
import { Krum, type KrumVariant } from './krum.js';
import { CoordinateMedian } from './median.js';
import { MultiKrum } from './multi-krum.js';
import { SignSgdMajorityVote } from './signsgd-mv.js';
import { TrimmedMean } from './trimmed-mean.js';
import {
  AggregatorError,
  type Aggregator,
  type AggregatorKind,
  type RankingAggregatorKind,
  type SelectingWeightAggregator,
  type WeightAggregatorKind,
} from './types.js';
import { UniformPhantom } from './uniform-phantom.js';

export * from './types.js';
export { Bulyan, closestToMedianMeanInto } from './bulyan.js';
export { CenteredClipping } from './centered-clipping.js';
export { FedAvg, meanInto } from './fedavg.js';
export { FrlVote } from './frl-vote.js';
export { GeometricMedian, type GeometricMedianOptions } from './geometric-median.js';
export { Krum, argmin, checkKrumSize, iterativeKrum, krumScores, type KrumVariant } from './krum.js';
export { CoordinateMedian } from './median.js';
export { MultiKrum } from './multi-krum.js';
export { SignSgdMajorityVote, addSigns } from './signsgd-mv.js';
export { TrimmedMean } from './trimmed-mean.js';
export { UniformPhantom } from './uniform-phantom.js';
export { pairwiseSquaredDistances } from './common.js';

export const WEIGHT_AGGREGATOR_KINDS: readonly WeightAggregatorKind[] = [
  'fedavg',
  'median',
  'trimmed-mean',
  'krum',
  'multi-krum',
  'bulyan',
  'centered-clipping',
  'geometric-median',
  'signsgd-mv',
  'uniform-phantom',
];
export const RANKING_AGGREGATOR_KINDS: readonly RankingAggregatorKind[] = ['frl-vote'];
export const AGGREGATOR_KINDS: readonly AggregatorKind[] = [...RANKING_AGGREGATOR_KINDS, ...WEIGHT_AGGREGATOR_KINDS];

/** What a rule consumes, from its kind alone (for config checks: rule vs attack vs training). */
export function aggregatorConsumes(kind: AggregatorKind): 'weights' | 'ranking' {
  return kind === 'frl-vote' ? 'ranking' : 'weights';
}

/** True for the rules that pick a subset of the updates and expose it (krum, multi-krum, bulyan). */
export function isSelectingAggregator(rule: Aggregator): rule is SelectingWeightAggregator {
  return rule.consumes === 'weights' && 'select' in rule && typeof rule.select === 'function';
}

/** Whether a rule is a function of partial sums (fedavg, signsgd-mv, frl-vote). */
export function aggregatorReducible(kind: AggregatorKind): boolean {
  return kind === 'fedavg' || kind === 'signsgd-mv' || kind === 'frl-vote';
}

export type AggregatorSpec = {
  kind: AggregatorKind;
  /** Byzantine count assumed by the rule; absent: the round's (ctx.f). Accepted by every kind. */
  f?: number;
  /** trimmed-mean: values dropped at each end per coordinate (default f). */
  beta?: number;
  /** multi-krum: number of updates averaged (default n - f). */
  m?: number;
  /** centered-clipping: clipping radius (default 10). */
  tau?: number;
  /** centered-clipping: clipping iterations L per round (default 1); geometric-median: max Weiszfeld updates (default 100). */
  iterations?: number;
  /** geometric-median: smoothing floor of the distances (default 1e-6). */
  eps?: number;
  /** geometric-median: stop when the point moves by at most tolerance x the harmonic-mean distance (default 1e-6; 0: run every iteration). */
  tolerance?: number;
  /** geometric-median: starting point (default 'mean'). */
  init?: 'mean' | 'zero';
  /** uniform-phantom: fixed phantom range for every coordinate (default: each coordinate's range). */
  range?: { lo: number; hi: number };
  /** krum / multi-krum: 'reference' reproduces the FRL reference code's selection (default 'standard'). */
  variant?: KrumVariant;
};

type ParamName = Exclude<keyof AggregatorSpec, 'kind' | 'f'>;

/** The optional parameters each kind accepts (besides f). */
const PARAMS: Record<AggregatorKind, readonly ParamName[]> = {
  fedavg: [],
  median: [],
  'trimmed-mean': ['beta'],
  krum: ['variant'],
  'multi-krum': ['m', 'variant'],
  bulyan: [],
  'centered-clipping': ['tau', 'iterations'],
  'geometric-median': ['eps', 'iterations', 'tolerance', 'init'],
  'signsgd-mv': [],
  'uniform-phantom': ['range'],
  'frl-vote': [],
};

const ALL_PARAMS: readonly ParamName[] = ['beta', 'm', 'tau', 'iterations', 'eps', 'tolerance', 'init', 'range', 'variant'];

/** Builds the rule of `spec`, or throws AggregatorError naming the bad field ('aggregator.m', ...). */
export function createAggregator(spec: AggregatorSpec): Aggregator {
  const kind = spec.kind;
  if (!(AGGREGATOR_KINDS as readonly string[]).includes(kind)) {
    throw new AggregatorError(`unknown aggregator '${String(kind)}' (one of ${AGGREGATOR_KINDS.join(', ')})`, 'aggregator.kind');
  }
  for (const p of ALL_PARAMS) {
    if (spec[p] !== undefined && !PARAMS[kind].includes(p)) {
      throw new AggregatorError(`${kind} takes no parameter '${p}'`, `aggregator.${p}`);
    }
  }
  const f = spec.f;
  if (f !== undefined && !(Number.isInteger(f) && f >= 0)) {
    throw new AggregatorError(`must be an integer >= 0, got ${f}`, 'aggregator.f');
  }
  if (spec.variant !== undefined && spec.variant !== 'standard' && spec.variant !== 'reference') {
    throw new AggregatorError(`must be 'standard' or 'reference', got ${String(spec.variant)}`, 'aggregator.variant');
  }
  switch (kind) {
    case 'fedavg':
      return new FedAvg();
    case 'median':
      return new CoordinateMedian();
    case 'trimmed-mean':
      return new TrimmedMean(spec.beta, f);
    case 'krum':
      return new Krum(f, spec.variant);
    case 'multi-krum':
      return new MultiKrum(spec.m, f, spec.variant);
    case 'bulyan':
      return new Bulyan(f);
    case 'centered-clipping':
      return new CenteredClipping(spec.tau, spec.iterations);
    case 'geometric-median':
      return new GeometricMedian({ eps: spec.eps, iterations: spec.iterations, tolerance: spec.tolerance, init: spec.init });
    case 'signsgd-mv':
      return new SignSgdMajorityVote();
    case 'uniform-phantom':
      return new UniformPhantom(spec.range);
    case 'frl-vote':
      return new FrlVote();
  }
}
