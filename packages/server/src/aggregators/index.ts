/**
 * Aggregation rules of the server: `createAggregator(spec)` builds one from its config spec, through
 * the rule's descriptor (registry.ts) or a user's plugin module (user-aggregator.ts).
 * Weight rules take flat Float32Array deltas; `frl-vote` takes per-layer rankings.
 */
import { z } from 'zod';
import { describeIssue } from '../plugins/param-schema.js';
import { aggregatorCommonParams, type AggregatorCommon } from './descriptor.js';
import { AGGREGATORS } from './registry.js';
import { AggregatorError, type Aggregator, type SelectingWeightAggregator } from './types.js';
import { userAggregator, userAggregatorConsumes, type UserAggregatorSpec } from './user-aggregator.js';

export * from './types.js';
export * from './descriptor.js';
export { AGGREGATORS } from './registry.js';
export { userAggregator, type UserAggregatorSpec, type UserAggregatorDescriptor } from './user-aggregator.js';
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
export { DistanceMemo } from './distance-memo.js';

type BuiltinAggregator = (typeof AGGREGATORS)[number];
export type AggregatorKind = BuiltinAggregator['kind'];
export type WeightAggregatorKind = Extract<BuiltinAggregator, { consumes: 'weights' }>['kind'];
export type RankingAggregatorKind = Extract<BuiltinAggregator, { consumes: 'ranking' }>['kind'];

/** The config spec of one built-in rule: its kind, the common keys and its own parameters. */
type SpecOf<D> = D extends { kind: infer K; params: z.ZodObject<infer Shape> }
  ? { kind: K } & AggregatorCommon & { [P in keyof Shape]?: z.input<Shape[P]> }
  : never;
export type BuiltinAggregatorSpec = SpecOf<BuiltinAggregator>;
/** A rule's config block: a built-in kind with its parameters, or a user's plugin module. */
export type AggregatorSpec = BuiltinAggregatorSpec | UserAggregatorSpec;

export const AGGREGATOR_KINDS: readonly AggregatorKind[] = AGGREGATORS.map((d) => d.kind);
export const WEIGHT_AGGREGATOR_KINDS: readonly WeightAggregatorKind[] = AGGREGATORS.filter((d) => d.consumes === 'weights').map(
  (d) => d.kind as WeightAggregatorKind,
);
export const RANKING_AGGREGATOR_KINDS: readonly RankingAggregatorKind[] = AGGREGATORS.filter((d) => d.consumes === 'ranking').map(
  (d) => d.kind as RankingAggregatorKind,
);

/** The descriptor of a built-in kind, or AggregatorError('aggregator.kind'). */
export function aggregatorDescriptor(kind: string): BuiltinAggregator {
  const d = AGGREGATORS.find((a) => a.kind === kind);
  if (!d) throw new AggregatorError(`unknown aggregator '${String(kind)}' (one of ${AGGREGATOR_KINDS.join(', ')})`, 'aggregator.kind');
  return d;
}

/** What a rule consumes, from its kind alone (for config checks: rule vs attack vs training); a loaded plugin's rule consumes weights. */
export function aggregatorConsumes(kind: string): 'weights' | 'ranking' {
  return userAggregatorConsumes(kind) ?? aggregatorDescriptor(kind).consumes;
}

/** True for the rules that pick a subset of the updates and expose it (krum, multi-krum, bulyan). */
export function isSelectingAggregator(rule: Aggregator): rule is SelectingWeightAggregator {
  return rule.consumes === 'weights' && 'select' in rule && typeof rule.select === 'function';
}

/** Whether a rule is a function of partial sums (fedavg, signsgd-mv, frl-vote). */
export function aggregatorReducible(kind: string): boolean {
  return aggregatorDescriptor(kind).reducible;
}

/** The zod schema of one built-in rule's config block: `kind`, the common keys and its parameters. */
export function aggregatorBlockSchema<D extends BuiltinAggregator>(d: D) {
  return d.params.extend({ kind: z.literal(d.kind), ...aggregatorCommonParams });
}

/** Builds the rule of `spec`, or throws AggregatorError naming the bad field ('aggregator.m', ...). */
export function createAggregator(spec: AggregatorSpec): Aggregator {
  if ('module' in spec) return userAggregator(spec);
  const d = aggregatorDescriptor(spec.kind);
  const parsed = aggregatorBlockSchema(d).safeParse(spec);
  if (!parsed.success) {
    const { field, message } = describeIssue(parsed.error.issues[0], 'aggregator', `aggregator kind '${d.kind}'`);
    throw new AggregatorError(message, field);
  }
  const { kind: _kind, f, serverLr, ...params } = parsed.data as { kind: string } & AggregatorCommon;
  return (d.create as (p: object, c: AggregatorCommon) => Aggregator)(params, { f, serverLr });
}
