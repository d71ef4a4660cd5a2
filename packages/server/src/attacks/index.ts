/**
 * Poisoning attacks of the server: `createAttack(spec)` builds one from its config spec, through the
 * attack's descriptor (registry.ts) or a user's plugin module (user-attack.ts); `attackTargets(kind)`
 * says what it poisons, so that the config can reject a weight attack
 * against frl-vote (rankings) and a ranking attack against a weight rule.
 *
 * Weight attacks (flat Float32Array deltas): scaling, sign-flip, gaussian, lie, ipm, fang,
 * min-max, min-sum, agr-tailored. Ranking attacks (FRL): rank-reversal, random-ranking, vem.
 * 'label-flip' poisons the malicious clients' data (the round loop trains them on flipped labels),
 * 'malformed' sends updates the server must reject, 'none' does nothing: these three are plain
 * objects, the round loop acts on them. Each attack's parameters and their defaults are in its
 * descriptor's schema.
 *
 * The threat model: `fraction` of the clients are malicious; the attackers' collusion pool
 * (`poolSize`, default 25 as the reference's rand_mal_clients) trains honestly to give the
 * attack its `own` updates; `seesBenign` (default false) hands the attack this round's benign
 * updates; `knowsAggregator` (default: true for agr-tailored, which cannot run without it, else
 * false) hands it the server's rule (`aggregate`, `selected`, `aggregatorName`).
 */
import { z } from 'zod';
import { describeIssue } from '../plugins/param-schema.js';
import { attackCommonParams, type AttackCommon } from './descriptor.js';
import { ATTACKS } from './registry.js';
import { AttackError, type Attack, type AttackTarget, type ThreatModel } from './types.js';
import { isUserAttackKind, userAttack, userAttackRequiresAggregator, userAttackTargets, type UserAttackSpec } from './user-attack.js';

export * from './types.js';
export * from './descriptor.js';
export { ATTACKS } from './registry.js';
export { userAttack, type UserAttackDescriptor, type UserAttackSpec } from './user-attack.js';
export { scalingAttack, SCALING_DEFAULTS, type ScalingMode, type ScalingOptions } from './scaling.js';
export { signFlipAttack, SIGN_FLIP_DEFAULTS, type SignFlipOptions, type SignFlipSource } from './sign-flip.js';
export { gaussianAttack, GAUSSIAN_DEFAULTS, type GaussianMode, type GaussianOptions } from './gaussian.js';
export { lieAttack, lieZ, type LieOptions } from './lie.js';
export { ipmAttack, IPM_DEFAULTS, type IpmOptions } from './ipm.js';
export { fangAttack, fangKrumLambdaBound, FANG_DEFAULTS, type FangKnowledge, type FangOptions, type FangVariant } from './fang.js';
export { minMaxAttack, MIN_MAX_DEFAULTS, type DistanceAttackOptions } from './min-max.js';
export { minSumAttack, MIN_SUM_DEFAULTS, type MinSumOptions, type SumBound } from './min-sum.js';
export { agrTailoredAttack, AGR_TAILORED_DEFAULTS, type AgrTailoredOptions, type AgrTailoredTarget } from './agr-tailored.js';
export { DEVIATION_KINDS, type DeviationKind } from './perturbation.js';
export { inverseNormalCdf } from './inverse-normal-cdf.js';
export { halvingSearch } from './halving-search.js';
export { createRankReversal, RankReversalAttack, reversedBordaRanking } from './rank-reversal.js';
export { createRandomRanking, RandomRankingAttack } from './random-ranking.js';
export { createVem, VemAttack, VEM_DEFAULT_MAX_VULNERABLE, type VemParams } from './vem.js';
export {
  MALFORMED_RANKING_KINDS,
  MALFORMED_WEIGHT_KINDS,
  malformedBytes,
  malformedRankingUpdate,
  malformedWeightUpdate,
  type MalformedKind,
} from './malformed.js';

type BuiltinAttack = (typeof ATTACKS)[number];
export type AttackKind = BuiltinAttack['kind'];
export type WeightAttackKind = Extract<BuiltinAttack, { targets: 'weights' }>['kind'];
export type RankingAttackKind = Extract<BuiltinAttack, { targets: 'ranking' }>['kind'];

/** The config spec of one built-in attack: its kind, the threat model and its own parameters. */
type SpecOf<D> = D extends { kind: infer K; params: z.ZodObject<infer Shape> }
  ? { kind: K } & AttackCommon & { [P in keyof Shape]?: z.input<Shape[P]> }
  : never;
export type BuiltinAttackSpec = SpecOf<BuiltinAttack>;
/** An attack's config block: a built-in kind with its parameters, or a user's plugin module. */
export type AttackSpec = BuiltinAttackSpec | UserAttackSpec;

export const ATTACK_KINDS: readonly AttackKind[] = ATTACKS.map((d) => d.kind);
export const RANKING_ATTACK_KINDS: readonly RankingAttackKind[] = ATTACKS.filter((d) => d.targets === 'ranking').map(
  (d) => d.kind as RankingAttackKind,
);
export const WEIGHT_ATTACK_KINDS: readonly WeightAttackKind[] = ATTACKS.filter((d) => d.targets === 'weights').map(
  (d) => d.kind as WeightAttackKind,
);

/** The reference's collusion pool (rand_mal_clients): attacker clients that train honestly each round. */
export const DEFAULT_POOL_SIZE = 25;

/** The descriptor of a built-in kind, or AttackError('attack.kind'). */
export function attackDescriptor(kind: string): BuiltinAttack {
  const d = ATTACKS.find((a) => a.kind === kind);
  if (!d) throw new AttackError(`unknown attack '${String(kind)}' (one of ${ATTACK_KINDS.join(', ')})`, 'attack.kind');
  return d;
}

/** What an attack kind poisons: rankings (frl-vote only), weights (weight rules only), data or the wire (any rule). */
export function attackTargets(kind: string): AttackTarget {
  if (isUserAttackKind(kind)) return userAttackTargets(kind);
  return attackDescriptor(kind).targets;
}

/** Attacks that cannot run unless the attacker knows (can evaluate) the aggregation rule. */
export function requiresAggregator(kind: string): boolean {
  if (isUserAttackKind(kind)) return false;
  const d: { requiresAggregator?: boolean } = attackDescriptor(kind);
  return d.requiresAggregator === true;
}

/** The threat model of a spec, with its defaults filled in. */
export function resolveThreatModel(spec: AttackSpec): ThreatModel {
  return {
    seesBenign: spec.seesBenign ?? false,
    knowsAggregator: spec.knowsAggregator ?? ('module' in spec ? userAttackRequiresAggregator(spec) : requiresAggregator(spec.kind)),
  };
}

/** The zod schema of one built-in attack's config block: `kind`, the threat model and its parameters. */
export function attackBlockSchema<D extends BuiltinAttack>(d: D) {
  return d.params.extend({ kind: z.literal(d.kind), ...attackCommonParams });
}

/** The checks that involve the threat model and the attack together. */
export function checkThreatModel(spec: { kind: string; knowsAggregator?: boolean }, requires: boolean): void {
  if (requires && spec.knowsAggregator === false) {
    throw new AttackError(
      `${spec.kind} evaluates the server's aggregation rule: it needs attack.knowsAggregator: true`,
      'attack.knowsAggregator',
    );
  }
}

/** Builds the attack of `spec`, or throws AttackError naming the bad field ('attack.fraction', ...). */
export function createAttack(spec: AttackSpec): Attack {
  if ('module' in spec) return userAttack(spec);
  const d = attackDescriptor(spec.kind);
  const parsed = attackBlockSchema(d).safeParse(spec);
  if (!parsed.success) {
    const { field, message } = describeIssue(parsed.error.issues[0], 'attack', `attack kind '${d.kind}'`);
    throw new AttackError(message, field);
  }
  checkThreatModel(spec, requiresAggregator(d.kind));
  const {
    kind: _kind,
    fraction: _f,
    poolSize: _p,
    seesBenign: _s,
    knowsAggregator: _k,
    ...params
  } = parsed.data as { kind: string } & AttackCommon;
  return (d.create as (p: object) => Attack)(params);
}
