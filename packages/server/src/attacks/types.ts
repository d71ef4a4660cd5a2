/**
 * Poisoning attacks. The round loop trains the malicious clients' honest updates on their own
 * data first (so an attack can start from them), then calls the attack, which returns the
 * updates the malicious clients actually send. What an attack may look at is its threat model:
 * `benign` and `aggregate` are present only when the config says the attacker sees benign
 * updates / knows the aggregation rule.
 */
import type { DistanceMemo } from '../aggregators/distance-memo.js';
import type { Rng } from '@fedrank/random';
import type { MalformedKind } from './malformed.js';

/** What an attack poisons: rankings (frl-vote only), weights (weight rules only), data or the wire (any rule), or nothing. */
export type AttackTarget = 'ranking' | 'weights' | 'data' | 'wire' | 'none';

export interface ThreatModel {
  /** The attacker sees this round's benign updates. */
  seesBenign: boolean;
  /** The attacker knows the server's aggregation rule (and can evaluate it). */
  knowsAggregator: boolean;
}

export interface WeightAttackContext {
  round: number;
  rng: Rng;
  /** Honest updates (flat weight deltas) the malicious clients trained on their own data. */
  own: readonly Float32Array[];
  /** This round's benign updates, when the threat model allows. */
  benign?: readonly Float32Array[];
  /** The current global model, flat (the reference's naive scaling attack scales it). */
  global: Float32Array;
  /** Number of malicious updates to return (one per malicious client in the round). */
  count: number;
  /** Total clients in the round and the number the server assumes Byzantine. */
  clientsInRound: number;
  f: number;
  /** The server's aggregation rule, when the attacker knows it. */
  aggregate?: (updates: readonly Float32Array[]) => Float32Array;
  aggregatorName?: string;
  /**
   * When the server's rule is the built-in coordinate-wise trimmed mean and the attacker knows it:
   * the values it drops at each end of every coordinate this round. It lets an attack evaluate the
   * rule on its candidates from the pool sorted once (`aggregate` computes the same values).
   */
  trimmedMeanDropped?: number;
  /**
   * For selection rules (Krum, Multi-Krum, Bulyan), when the attacker knows the rule: the indices
   * (into `updates`) of the updates the server's rule would select, in the order it selects them
   * (e.g. `(u) => rule.select(u, aggregationCtx)` of a SelectingWeightAggregator). The
   * AGR-tailored attack on Multi-Krum and Fang's attack on Krum test their candidates with it;
   * without it they simulate Krum / Multi-Krum themselves with `f`.
   */
  selected?: (updates: readonly Float32Array[]) => number[];
  /**
   * Squared distances shared with `aggregate` and `selected` (the same memo is in the rule's
   * context): pairs an attack computes with pairwiseSquaredDistances(pool, distances) are not
   * computed again when it probes the rule on copies among that pool. Given to built-in attacks
   * only (their pool is not modified while they craft).
   */
  distances?: DistanceMemo;
}

export interface WeightAttack {
  /** The attack's kind ('lie', or a plugin's kind). */
  readonly name: string;
  readonly targets: 'weights';
  craft(ctx: WeightAttackContext): Float32Array[];
}

export interface RankingAttackContext {
  round: number;
  rng: Rng;
  /** Honest rankings of the malicious clients (own[c][l]: client c, layer l). */
  own: readonly (readonly Uint32Array[])[];
  /** This round's benign rankings, when the threat model allows. */
  benign?: readonly (readonly Uint32Array[])[];
  /** The global ranking each layer had at the start of the round (edge ids, ascending score). */
  globalRanking: readonly Uint32Array[];
  layerSizes: readonly number[];
  count: number;
  keep: number;
  /**
   * Clients in the round, benign and malicious. VEM's partial-knowledge variant needs it to scale
   * its estimate of the benign Borda sums (it falls back to benign.length + count when the
   * benign rankings are given).
   */
  clientsInRound?: number;
  /** The server's mask rule (config `model.maskRule`); 'reference' when absent. */
  maskRule?: RankingMaskRule;
  /**
   * Per layer, 1 at position i when the edge at position i of a global ranking is kept by the
   * server's mask (exact for any rule: for 'reference', `topKMaskOfAbs(sortedInitial[l], keep)`;
   * see `keptPositionMask` in ranking-common.ts). When absent, derived from maskRule and keep.
   */
  keptPositions?: readonly Uint8Array[];
}

/**
 * How the server turns a global ranking into a mask: 'reference' keeps the largest |score| (the
 * reassigned round-0 values are symmetric around 0, so roughly the bottom and top keep/2 of the
 * ranking), 'top-rank' keeps the top `keep` fraction of the ranking.
 */
export type RankingMaskRule = 'reference' | 'top-rank';

export interface RankingAttack {
  readonly name: string;
  readonly targets: 'ranking';
  craft(ctx: RankingAttackContext): Uint32Array[][];
}

/** The attacks the round loop carries out itself: poisoned data, garbage on the wire, nothing. */
export interface PassiveAttack {
  readonly name: 'label-flip' | 'malformed' | 'none';
  readonly targets: 'data' | 'wire' | 'none';
  /** malformed: the corruption the spec asked for, if any. */
  readonly malformedKind?: MalformedKind;
}

export type Attack = WeightAttack | RankingAttack | PassiveAttack;

export class AttackError extends Error {
  readonly exitCode = 2;
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'AttackError';
  }
}
