/**
 * Poisoning attacks of the server: `createAttack(spec)` builds one from its config spec;
 * `attackTargets(kind)` says what it poisons, so that the config can reject a weight attack
 * against frl-vote (rankings) and a ranking attack against a weight rule.
 *
 * Weight attacks (flat Float32Array deltas): scaling, sign-flip, gaussian, lie, ipm, fang,
 * min-max, min-sum, agr-tailored. Ranking attacks (FRL): rank-reversal, random-ranking, vem.
 * 'label-flip' poisons the malicious clients' data (the round loop trains them on flipped labels),
 * 'malformed' sends updates the server must reject, 'none' does nothing: these three are plain
 * descriptors, the round loop acts on them.
 *
 * The threat model: `fraction` of the clients are malicious; the attackers' collusion pool
 * (`poolSize`, default 25 as the reference's rand_mal_clients) trains honestly to give the
 * attack its `own` updates; `seesBenign` (default false) hands the attack this round's benign
 * updates; `knowsAggregator` (default: true for agr-tailored, which cannot run without it, else
 * false) hands it the server's rule (`aggregate`, `selected`, `aggregatorName`).
 */
import { agrTailoredAttack, AGR_TAILORED_DEFAULTS, type AgrTailoredTarget } from './agr-tailored.js';
import { fangAttack, FANG_DEFAULTS, type FangKnowledge, type FangVariant } from './fang.js';
import { gaussianAttack, GAUSSIAN_DEFAULTS, type GaussianMode } from './gaussian.js';
import { ipmAttack, IPM_DEFAULTS } from './ipm.js';
import { lieAttack } from './lie.js';
import { MALFORMED_WEIGHT_KINDS, type MalformedKind } from './malformed.js';
import { minMaxAttack, MIN_MAX_DEFAULTS } from './min-max.js';
import { minSumAttack, MIN_SUM_DEFAULTS, type SumBound } from './min-sum.js';
import { createRandomRanking } from './random-ranking.js';
import { createRankReversal } from './rank-reversal.js';
import { scalingAttack, SCALING_DEFAULTS, type ScalingMode } from './scaling.js';
import { signFlipAttack, SIGN_FLIP_DEFAULTS, type SignFlipSource } from './sign-flip.js';
import {
  AttackError,
  type AttackKind,
  type RankingAttack,
  type RankingAttackKind,
  type ThreatModel,
  type WeightAttack,
  type WeightAttackKind,
} from './types.js';
import { createVem, type VemBoundaries, type VemKnowledge, type VemSubmit } from './vem.js';
import { checkChoice, checkNumber } from './input-checks.js';
import { DEVIATION_KINDS, type DeviationKind } from './perturbation.js';

export * from './types.js';
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

export const RANKING_ATTACK_KINDS: readonly RankingAttackKind[] = ['rank-reversal', 'random-ranking', 'vem'];
export const WEIGHT_ATTACK_KINDS: readonly WeightAttackKind[] = [
  'scaling',
  'sign-flip',
  'gaussian',
  'lie',
  'ipm',
  'fang',
  'min-max',
  'min-sum',
  'agr-tailored',
];
export const ATTACK_KINDS: readonly AttackKind[] = ['none', ...RANKING_ATTACK_KINDS, ...WEIGHT_ATTACK_KINDS, 'label-flip', 'malformed'];

/** The reference's collusion pool (rand_mal_clients): attacker clients that train honestly each round. */
export const DEFAULT_POOL_SIZE = 25;

export type AttackTarget = 'ranking' | 'weights' | 'data' | 'wire' | 'none';

/** What an attack kind poisons: rankings (frl-vote only), weights (weight rules only), data or the wire (any rule). */
export function attackTargets(kind: AttackKind): AttackTarget {
  if ((RANKING_ATTACK_KINDS as readonly string[]).includes(kind)) return 'ranking';
  if ((WEIGHT_ATTACK_KINDS as readonly string[]).includes(kind)) return 'weights';
  if (kind === 'label-flip') return 'data';
  if (kind === 'malformed') return 'wire';
  if (kind === 'none') return 'none';
  throw new AttackError(`unknown attack '${String(kind)}' (one of ${ATTACK_KINDS.join(', ')})`, 'attack.kind');
}

/** Attacks that cannot run unless the attacker knows (can evaluate) the aggregation rule. */
export function requiresAggregator(kind: AttackKind): boolean {
  return kind === 'agr-tailored';
}

export type AttackSpec = {
  kind: AttackKind;
  /** Fraction of the clients that are malicious, in [0, 1]. */
  fraction: number;
  /** Attacker clients that train honestly each round to feed the attack (default 25). */
  poolSize?: number;
  /** The attacker sees this round's benign updates (default false, as the reference). */
  seesBenign?: boolean;
  /** The attacker knows the aggregation rule (default: requiresAggregator(kind)). */
  knowsAggregator?: boolean;

  /** scaling: factor on the global parameters (default 1e5); sign-flip: multiplier (default 1). */
  scale?: number;
  /** scaling: 'reference' (delta = scale * global, default) or 'model' (delta = (scale - 1) * global). */
  scalingMode?: ScalingMode;
  /** sign-flip: flip each client's own update ('own', default) or the pool mean ('mean'). */
  source?: SignFlipSource;
  /** gaussian: noise std (default 1). */
  sigma?: number;
  /** gaussian: 'noise' (default) or 'mean-plus-noise'. */
  gaussianMode?: GaussianMode;
  /** lie: fixed z (default: the paper's z from the round's n and malicious count). */
  z?: number;
  /** ipm: factor epsilon (default 0.1). */
  epsilon?: number;
  /** fang: 'auto' (default, from the aggregator's name), 'krum' or 'trimmed-mean'. */
  variant?: FangVariant;
  /** fang: 'auto' (default), 'full' or 'partial'; vem: 'partial' (default) or 'full'. */
  knowledge?: FangKnowledge | VemKnowledge;
  /** fang: range factor of the full-knowledge trimmed-mean attack (default 2). */
  b?: number;
  /** min-max, min-sum, agr-tailored: perturbation direction (default 'std'). */
  deviation?: DeviationKind;
  /** min-max, min-sum: first gamma of the search (default 10). */
  gammaInit?: number;
  /** agr-tailored: first lambda of the search (default 5.0). */
  lambdaInit?: number;
  /** min-max, min-sum, agr-tailored: search tolerance; fang (krum): smallest lambda (default 1e-5). */
  tolerance?: number;
  /** min-sum: 'min' (default, the authors' code) or 'max' benign sum as the bound. */
  sumBound?: SumBound;
  /** agr-tailored: 'auto' (default, from the aggregator's name), 'trimmed-mean' or 'multi-krum'. */
  target?: AgrTailoredTarget;
  /** vem: 'mask-rule' (default) or 'top-k'. */
  boundaries?: VemBoundaries;
  /** vem: cap on vulnerable edges per boundary (default 2500). */
  maxVulnerable?: number;
  /** vem: 'ranking' (default) or 'positions'. */
  submit?: VemSubmit;
  /** malformed: which corruption (default: the round loop's choice, e.g. cycling through all). */
  malformedKind?: MalformedKind;
};

/** The attacks the round loop carries out itself: poisoned data, garbage on the wire, nothing. */
export interface PassiveAttack {
  readonly name: 'label-flip' | 'malformed' | 'none';
  readonly targets: 'data' | 'wire' | 'none';
  /** malformed: the corruption the spec asked for, if any. */
  readonly malformedKind?: MalformedKind;
}

export type Attack = WeightAttack | RankingAttack | PassiveAttack;

type ParamName = Exclude<keyof AttackSpec, 'kind' | 'fraction' | 'poolSize' | 'seesBenign' | 'knowsAggregator'>;

/** The parameters each kind accepts (besides the threat model). */
const PARAMS: Record<AttackKind, readonly ParamName[]> = {
  none: [],
  'rank-reversal': [],
  'random-ranking': [],
  vem: ['knowledge', 'boundaries', 'maxVulnerable', 'submit'],
  scaling: ['scale', 'scalingMode'],
  'sign-flip': ['scale', 'source'],
  gaussian: ['sigma', 'gaussianMode'],
  lie: ['z'],
  ipm: ['epsilon'],
  fang: ['variant', 'knowledge', 'b', 'tolerance'],
  'min-max': ['deviation', 'gammaInit', 'tolerance'],
  'min-sum': ['deviation', 'gammaInit', 'tolerance', 'sumBound'],
  'agr-tailored': ['target', 'deviation', 'lambdaInit', 'tolerance'],
  'label-flip': [],
  malformed: ['malformedKind'],
};

const ALL_PARAMS: readonly ParamName[] = [
  'scale',
  'scalingMode',
  'source',
  'sigma',
  'gaussianMode',
  'z',
  'epsilon',
  'variant',
  'knowledge',
  'b',
  'deviation',
  'gammaInit',
  'lambdaInit',
  'tolerance',
  'sumBound',
  'target',
  'boundaries',
  'maxVulnerable',
  'submit',
  'malformedKind',
];

/** The threat model of a spec, with its defaults filled in. */
export function resolveThreatModel(spec: AttackSpec): ThreatModel {
  return {
    seesBenign: spec.seesBenign ?? false,
    knowsAggregator: spec.knowsAggregator ?? requiresAggregator(spec.kind),
  };
}

/** Builds the attack of `spec`, or throws AttackError naming the bad field ('attack.fraction', ...). */
export function createAttack(spec: AttackSpec): Attack {
  const kind = spec.kind;
  attackTargets(kind); // unknown kind -> AttackError('attack.kind')
  if (!(Number.isFinite(spec.fraction) && spec.fraction >= 0 && spec.fraction <= 1)) {
    throw new AttackError(`expected a fraction in [0, 1], got ${spec.fraction}`, 'attack.fraction');
  }
  if (spec.poolSize !== undefined) checkNumber(spec.poolSize, 'attack.poolSize', { min: 1, integer: true });
  for (const p of ALL_PARAMS) {
    if (spec[p] !== undefined && !PARAMS[kind].includes(p)) {
      throw new AttackError(`${kind} takes no parameter '${p}'`, `attack.${p}`);
    }
  }
  if (requiresAggregator(kind) && spec.knowsAggregator === false) {
    throw new AttackError(
      `${kind} evaluates the server's aggregation rule: it needs attack.knowsAggregator: true`,
      'attack.knowsAggregator',
    );
  }
  if (spec.deviation !== undefined) checkChoice(spec.deviation, DEVIATION_KINDS, 'attack.deviation');
  switch (kind) {
    case 'none':
    case 'label-flip':
      return { name: kind, targets: kind === 'none' ? 'none' : 'data' };
    case 'malformed': {
      if (spec.malformedKind !== undefined) checkChoice(spec.malformedKind, MALFORMED_WEIGHT_KINDS, 'attack.malformedKind');
      return spec.malformedKind === undefined
        ? { name: 'malformed', targets: 'wire' }
        : { name: 'malformed', targets: 'wire', malformedKind: spec.malformedKind };
    }
    case 'rank-reversal':
      return createRankReversal();
    case 'random-ranking':
      return createRandomRanking();
    case 'vem': {
      if (spec.knowledge !== undefined) checkChoice(spec.knowledge, ['partial', 'full'], 'attack.knowledge');
      return createVem({
        knowledge: spec.knowledge as VemKnowledge | undefined,
        boundaries: spec.boundaries,
        maxVulnerable: spec.maxVulnerable,
        submit: spec.submit,
      });
    }
    case 'scaling':
      return scalingAttack({ scale: spec.scale, mode: spec.scalingMode });
    case 'sign-flip':
      return signFlipAttack({ scale: spec.scale, source: spec.source });
    case 'gaussian':
      return gaussianAttack({ sigma: spec.sigma, mode: spec.gaussianMode });
    case 'lie':
      return lieAttack({ z: spec.z });
    case 'ipm':
      return ipmAttack({ epsilon: spec.epsilon });
    case 'fang':
      return fangAttack({
        variant: spec.variant,
        knowledge: spec.knowledge as FangKnowledge | undefined,
        b: spec.b,
        tolerance: spec.tolerance,
      });
    case 'min-max':
      return minMaxAttack({ deviation: spec.deviation, gammaInit: spec.gammaInit, tolerance: spec.tolerance });
    case 'min-sum':
      return minSumAttack({
        deviation: spec.deviation,
        gammaInit: spec.gammaInit,
        tolerance: spec.tolerance,
        sumBound: spec.sumBound,
      });
    case 'agr-tailored':
      return agrTailoredAttack({
        target: spec.target,
        deviation: spec.deviation,
        lambdaInit: spec.lambdaInit,
        tolerance: spec.tolerance,
      });
  }
}

/** Default parameters of every weight attack, for documentation and `fedrank info`-style output. */
export const WEIGHT_ATTACK_DEFAULTS = {
  scaling: SCALING_DEFAULTS,
  'sign-flip': SIGN_FLIP_DEFAULTS,
  gaussian: GAUSSIAN_DEFAULTS,
  lie: { z: 'Phi^-1((n - s)/n), s = floor(n/2 + 1) - m' },
  ipm: IPM_DEFAULTS,
  fang: FANG_DEFAULTS,
  'min-max': MIN_MAX_DEFAULTS,
  'min-sum': MIN_SUM_DEFAULTS,
  'agr-tailored': AGR_TAILORED_DEFAULTS,
} as const;
