/**
 * Aggregation rules. A weight rule maps the round's accepted client updates (each a flat
 * Float32Array: all layers concatenated in layer order, the client's weight delta) to one
 * aggregate delta. A ranking rule maps per-layer rankings to a global ranking.
 * Rules are small objects built from their config spec by their descriptor's factory; a rule with
 * state across rounds (centered clipping's momentum) keeps it on its instance.
 */
import type { Rng } from '@fedrank/random';
import type { DistanceMemo } from './distance-memo.js';

export interface AggregationContext {
  /** Number of Byzantine clients the rule should tolerate this round (trimmed mean's beta, Krum's f). */
  f: number;
  round: number;
  rng: Rng;
  /**
   * Optional per-update weights (e.g. client sample counts), one per update, finite and
   * non-negative. Honoured by fedavg and geometric-median (weighted mean / weighted Weiszfeld);
   * the other rules treat clients alike. Absent: every update weighs the same.
   */
  weights?: readonly number[];
  /**
   * Squared distances already computed between some of the updates (by array), for the rules that
   * compare updates pairwise; absent: they compute every pair. Only a caller that keeps the arrays
   * unchanged passes one (an attack probing its copy of the rule).
   */
  distances?: DistanceMemo;
}

/**
 * A reducible rule's running aggregate: the round adds each accepted update as it arrives and asks
 * for the result once all are in, so the server never holds the round's updates. `add` after
 * `finish` is an error. Folding the updates one by one gives exactly what `aggregate` gives on
 * them in the same order.
 */
export interface AggregateFold<U, R> {
  /**
   * True when the result does not depend on the order of the `add` calls (exact integer sums:
   * Borda positions, sign votes); false when it does (float sums), and then the caller adds in
   * client-id order.
   */
  readonly orderFree: boolean;
  /** Updates added so far. */
  readonly count: number;
  add(update: U): void;
  /** The aggregate of the updates added (at least one). */
  finish(): R;
}

export interface WeightAggregator {
  /** The rule's kind ('krum', or a plugin's kind). */
  readonly name: string;
  readonly consumes: 'weights';
  /** True when the rule is a function of partial sums (it can be computed in a tree). */
  readonly reducible: boolean;
  aggregate(updates: readonly Float32Array[], ctx: AggregationContext): Float32Array;
  /**
   * Streaming capability of a reducible rule: a fold over updates of `dim` coordinates, or null
   * when this context cannot be folded (e.g. fedavg with client weights, whose normalization needs
   * them all). Rules without it receive every update at once.
   */
  fold?(dim: number, ctx: AggregationContext): AggregateFold<Float32Array, Float32Array> | null;
}

export interface RankingAggregator {
  readonly name: string;
  readonly consumes: 'ranking';
  readonly reducible: boolean;
  /** rankings[c][l]: client c's ranking of layer l (edge ids, ascending score). Returns one ranking per layer. */
  aggregate(rankings: readonly (readonly Uint32Array[])[], layerSizes: readonly number[], ctx: AggregationContext): Uint32Array[];
  /** Streaming capability (see WeightAggregator.fold): a fold over per-layer rankings. */
  fold?(layerSizes: readonly number[], ctx: AggregationContext): AggregateFold<readonly Uint32Array[], Uint32Array[]> | null;
}

/**
 * A weight rule that picks a subset of the updates (Krum, Multi-Krum, Bulyan). `select` returns the
 * indices of the chosen updates, in the order the rule chose them; attacks that must know whether
 * their copies are selected (the AGR-tailored attack on Multi-Krum) and round metrics can use it.
 */
export interface SelectingWeightAggregator extends WeightAggregator {
  select(updates: readonly Float32Array[], ctx: AggregationContext): number[];
}

export type Aggregator = WeightAggregator | RankingAggregator;

export class AggregatorError extends Error {
  readonly exitCode = 2;
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'AggregatorError';
  }
}

/** A rule with state across rounds (centered clipping's center): the run state carries it, exactly. */
export interface StatefulAggregator {
  state(): Float64Array | null;
  restore(state: Float64Array | null): void;
}

export function isStatefulAggregator(rule: object): rule is StatefulAggregator {
  return 'state' in rule && typeof rule.state === 'function' && 'restore' in rule && typeof rule.restore === 'function';
}
