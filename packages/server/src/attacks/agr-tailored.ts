/**
 * AGR-tailored attack: the largest step along a perturbation direction that still beats the
 * server's rule, found by probing the rule (or a simulation of it).
 *
 * Formula:    every malicious client sends m = mean - lambda * p, mean and p from the pool, lambda
 *             from the reference's halving search (see halving-search.ts) probing the rule on
 *             [count copies of m, pool]:
 *             target 'trimmed-mean' (the distance criterion; any rule ctx.aggregate evaluates): a
 *               probe succeeds when ||aggregate - mean|| is larger than at the previous probe (the
 *               reference's greedy climb; the first probe always succeeds). Needs ctx.aggregate.
 *             target 'multi-krum' (the selection criterion): a probe succeeds when every copy is
 *               selected (for a rule that selects fewer updates than there are copies, e.g. Krum:
 *               when all selected updates are copies). The search runs on a simulation of
 *               Multi-Krum (the n - f lowest Krum scores, f = ctx.f; Krum itself when
 *               aggregatorName is 'krum') with closed-form distances; when ctx.selected (the
 *               server's own selection) is given it is authoritative: the simulated boundary is
 *               kept if the rule confirms it (copies selected at lambda, not at lambda + 2 *
 *               tolerance), else the search is redone with the rule (e.g. the reference variant of
 *               Multi-Krum, or a fixed f). Without ctx.selected the attacker must know the rule
 *               (ctx.aggregate given) for the simulation to stand for it.
 * Parameters: target 'auto' (default: 'multi-krum' for aggregatorName krum / multi-krum, else
 *             'trimmed-mean') | 'trimmed-mean' | 'multi-krum'; deviation (default 'std', the
 *             reference's choice); lambdaInit (default 5.0); tolerance (default 1e-5).
 * Input:      the pool: this round's benign updates when the attacker sees them, else the
 *             attackers' own honest updates (the reference never shows the attacker benign
 *             updates). Without the knowledge a target needs, craft throws
 *             AttackError('attack.kind'); a rule that rejects the probed round (too few pool
 *             updates for its f) is AttackError('attack.poolSize').
 * Returns:    ctx.count copies of m. Deterministic. Cost: the distance criterion evaluates the
 *             rule about 20 times on count + |pool| updates (against the built-in trimmed mean,
 *             ctx.trimmedMeanDropped given: the pool's coordinates sorted once, then about O(d)
 *             per probe, the rule's values bit for bit); the selection
 *             criterion one O(|pool|^2 d) pass plus 2 calls of the rule's selection when the
 *             simulation holds.
 * Reference:  Shejwalkar & Houmansadr, NDSS 2021, as the FRL reference code (SPIN-UMass/FRL,
 *             Attacks.py) runs it against trimmed mean and Multi-Krum.
 */
import { z } from 'zod';
import { choice, positive } from '../plugins/param-types.js';
import { defineAttack } from './descriptor.js';
import { deviationParam } from './deviation-param.js';
import { AttackError, type WeightAttack, type WeightAttackContext } from './types.js';
import { DEVIATION_KINDS, type DeviationKind, perturbation } from './perturbation.js';
import { KIND_FIELD, checkChoice, checkNumber } from './input-checks.js';
import { alongLine, lineGeometry } from './line-geometry.js';
import { coordinateMeanStd } from './coordinate-stats.js';
import { distancesWithCopies, krumSelection } from './simulated-krum.js';
import { halvingSearch } from './halving-search.js';
import { prepareTrimmedMeanWithCopies, trimmedMeanWithCopiesDistances, type TrimmedMeanScratch } from '@fedrank/voting';
import { distanceTo, pairwiseSquaredDistances } from '../aggregators/common.js';
import { replicate } from './replicate.js';
import { statisticsPool } from './statistics-pool.js';

export type AgrTailoredTarget = 'auto' | 'trimmed-mean' | 'multi-krum';

export interface AgrTailoredOptions {
  /** Which search criterion (default 'auto': from ctx.aggregatorName). */
  target?: AgrTailoredTarget;
  /** Perturbation direction (default 'std'). */
  deviation?: DeviationKind;
  /** First lambda of the halving search (default 5.0). */
  lambdaInit?: number;
  /** Search tolerance (default 1e-5). */
  tolerance?: number;
}

export const AGR_TAILORED_DEFAULTS = {
  target: 'auto' as AgrTailoredTarget,
  deviation: 'std' as DeviationKind,
  lambdaInit: 5.0,
  tolerance: 1e-5,
};

const SELECTION_RULES = new Set(['krum', 'multi-krum']);

export function agrTailoredAttack(options: AgrTailoredOptions = {}): WeightAttack {
  const target = checkChoice(options.target ?? AGR_TAILORED_DEFAULTS.target, ['auto', 'trimmed-mean', 'multi-krum'], 'attack.target');
  const deviation = checkChoice(options.deviation ?? AGR_TAILORED_DEFAULTS.deviation, DEVIATION_KINDS, 'attack.deviation');
  const lambdaInit = checkNumber(options.lambdaInit ?? AGR_TAILORED_DEFAULTS.lambdaInit, 'attack.lambdaInit', { exclusiveMin: 0 });
  const tolerance = checkNumber(options.tolerance ?? AGR_TAILORED_DEFAULTS.tolerance, 'attack.tolerance', { exclusiveMin: 0 });
  // The arrays of the last preparation against the trimmed mean, overwritten by the next round's.
  let scratch: TrimmedMeanScratch | undefined;
  return {
    name: 'agr-tailored',
    targets: 'weights',
    craft(ctx: WeightAttackContext): Float32Array[] {
      if (ctx.count <= 0) return [];
      const which = target !== 'auto' ? target : SELECTION_RULES.has(ctx.aggregatorName ?? '') ? 'multi-krum' : 'trimmed-mean';
      if (which === 'trimmed-mean' && ctx.aggregate === undefined) {
        throw new AttackError(
          "agr-tailored evaluates the server's aggregation rule: the threat model must let the attacker know it (attack.knowsAggregator: true)",
          KIND_FIELD,
        );
      }
      if (which === 'multi-krum' && ctx.selected === undefined && ctx.aggregate === undefined) {
        throw new AttackError(
          'agr-tailored against multi-krum must know which updates the rule selects: the threat model must let the attacker know the rule (attack.knowsAggregator: true)',
          KIND_FIELD,
        );
      }
      const pool = statisticsPool(ctx, 'agr-tailored');
      // Against the built-in trimmed mean: the pool's side of every probe gathered once (its mean
      // and deviation in the same pass, the same values as coordinateMeanStd), in the arrays of
      // the previous round's; otherwise (or when the rule would reject the round, or the pool is
      // not finite) each probe runs the rule itself.
      const b = ctx.trimmedMeanDropped;
      const prepared =
        which === 'trimmed-mean' && b !== undefined && ctx.count + pool.length > 2 * b
          ? prepareTrimmedMeanWithCopies(pool, ctx.count, b, scratch)
          : null;
      if (prepared !== null) {
        // Only the arrays are kept: holding the preparation would hold this round's pool too.
        const { tails, middle, minAbs, maxAbs, mean, std } = prepared;
        scratch = { tails, middle, minAbs, maxAbs, mean, std };
      }
      const { mean, std } = prepared ?? coordinateMeanStd(pool);
      const p = perturbation(deviation, mean, std);
      const withCopies = (m: Float32Array): Float32Array[] => {
        const updates: Float32Array[] = [];
        for (let k = 0; k < ctx.count; k++) updates.push(m);
        for (const x of pool) updates.push(x);
        return updates;
      };
      const guarded =
        (probe: (lambda: number) => boolean) =>
        (l: number): boolean => {
          try {
            return probe(l);
          } catch (e) {
            if (e instanceof AttackError) throw e;
            const why = e instanceof Error ? e.message : String(e);
            throw new AttackError(
              `agr-tailored probes the rule on ${ctx.count} malicious copies + ${pool.length} ${pool === ctx.own ? 'own' : 'benign'} updates, which it rejects (${why}): enlarge the collusion pool (attack.poolSize) or let the attacker see the benign updates`,
              'attack.poolSize',
            );
          }
        };
      let lambda: number;
      if (which === 'trimmed-mean') {
        const aggregate = ctx.aggregate as (updates: readonly Float32Array[]) => Float32Array;
        // With the prepared pool, each pass computes the probe and both of the search's possible
        // next probes (one of which it takes), so two levels of the search cost one pass.
        const losses = new Map<number, number>();
        const prefetch =
          prepared !== null
            ? (candidates: readonly number[]): void => {
                if (losses.has(candidates[0])) return;
                const got = trimmedMeanWithCopiesDistances(prepared, mean, candidates, p);
                candidates.forEach((l, i) => losses.set(l, got[i]));
              }
            : undefined;
        const lossAt = (l: number): number => losses.get(l) ?? distanceTo(aggregate(withCopies(alongLine(mean, l, p))), mean);
        let previous = -1;
        lambda = halvingSearch(
          lambdaInit,
          tolerance,
          guarded((l) => {
            const loss = lossAt(l);
            const ok = previous < loss;
            previous = loss;
            return ok;
          }),
          prefetch,
        );
      } else {
        // Simulated (Multi-)Krum on closed-form distances: O(n^2) per probe after one O(n^2 d) pass.
        const n = pool.length;
        const total = ctx.count + n;
        const poolDist = pairwiseSquaredDistances(pool, ctx.distances);
        const line = lineGeometry(pool, mean, p);
        const keep = ctx.aggregatorName === 'krum' ? 1 : total - ctx.f;
        const simulated = (l: number): boolean =>
          allCopiesSelected(krumSelection(distancesWithCopies(ctx.count, poolDist, n, line, l), total, ctx.f, keep), ctx.count);
        lambda = halvingSearch(lambdaInit, tolerance, simulated);
        if (ctx.selected !== undefined) {
          // The server's own selection is authoritative; each call costs O(n^2 d). Accept the
          // simulated boundary when the rule confirms it (copies selected at lambda, not at
          // lambda + 2 * tolerance, unless lambda is already the search's ceiling 2 * lambdaInit);
          // otherwise search again with the rule itself.
          const selected = ctx.selected;
          const real = guarded((l) => allCopiesSelected(selected(withCopies(alongLine(mean, l, p))), ctx.count));
          const atCeiling = lambda >= 2 * lambdaInit - 2 * tolerance;
          const confirmed = (lambda === 0 || real(lambda)) && (atCeiling || !real(lambda + 2 * tolerance));
          if (!confirmed) lambda = halvingSearch(lambdaInit, tolerance, real);
        }
      }
      return replicate(alongLine(mean, lambda, p), ctx.count);
    },
  };
}

/** True when min(count, |selected|) of the selected indices are copies (indices < count). */
function allCopiesSelected(selected: readonly number[], count: number): boolean {
  let copies = 0;
  for (const i of selected) if (i < count) copies++;
  return copies >= Math.min(count, selected.length);
}

export const agrTailoredDescriptor = defineAttack({
  kind: 'agr-tailored',
  targets: 'weights',
  requiresAggregator: true,
  params: z.strictObject({
    target: choice(['auto', 'trimmed-mean', 'multi-krum']).default(AGR_TAILORED_DEFAULTS.target),
    deviation: deviationParam.default(AGR_TAILORED_DEFAULTS.deviation),
    lambdaInit: positive().default(AGR_TAILORED_DEFAULTS.lambdaInit),
    tolerance: positive().default(AGR_TAILORED_DEFAULTS.tolerance),
  }),
  create: (options) => agrTailoredAttack(options),
});
