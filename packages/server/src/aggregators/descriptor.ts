/**
 * What every aggregation rule exports from its own file: one descriptor with its kind, what it
 * consumes (per-layer rankings or flat weight deltas), its parameter schema (a strict zod object:
 * the keys its config block accepts besides `kind` and the common keys below) and a factory.
 * The registry (registry.ts) is the list of them; the run config's `aggregator` block is derived
 * from that list.
 */
import { z } from 'zod';
import { count, positive } from '../plugins/param-types.js';
import type { Aggregator } from './types.js';

/** Keys every rule's config block accepts. */
export const aggregatorCommonParams = {
  /** Byzantine count assumed by the rule; absent: the round's (the malicious clients sampled). */
  f: count(0).optional(),
  /** Server step applied to the aggregate (FedAvg-style rules: 1; signsgd-mv: its step size). */
  serverLr: positive().optional(),
};

export interface AggregatorCommon {
  f?: number;
  serverLr?: number;
}

export interface AggregatorDescriptor<K extends string = string, S extends z.ZodObject = z.ZodObject> {
  readonly kind: K;
  readonly consumes: 'weights' | 'ranking';
  /** True when the rule is a function of partial sums (it can be computed in a tree). */
  readonly reducible: boolean;
  readonly params: S;
  create(params: z.output<S>, common: AggregatorCommon): Aggregator;
}

/** Identity, typed: keeps the literal kind and the schema's parameter types. */
export function defineAggregator<const K extends string, S extends z.ZodObject>(d: AggregatorDescriptor<K, S>): AggregatorDescriptor<K, S> {
  return d;
}
