/**
 * Fang's local model poisoning attacks on trimmed mean / median and on Krum, applied to weight
 * deltas, with s_j = the sign of the pool's mean delta on coordinate j (the direction the global
 * model would move without attack; the attack pushes it the other way).
 *
 * Formula:    variant 'trimmed-mean' (also Fang's attack on median), full knowledge: with w_max /
 *             w_min the coordinate-wise max / min of the benign deltas, every malicious client
 *             draws per coordinate uniformly in
 *               s_j > 0:  [w_min/b, w_min] if w_min > 0, else [b*w_min, w_min]   (below every benign value)
 *               s_j <= 0: [w_max, b*w_max] if w_max > 0, else [w_max, w_max/b]   (above every benign value);
 *             partial knowledge: with mu_j, sigma_j the mean and std of the attackers' own updates,
 *               s_j > 0: [mu_j - 4 sigma_j, mu_j - 3 sigma_j];   s_j <= 0: [mu_j + 3 sigma_j, mu_j + 4 sigma_j].
 *             variant 'krum': every malicious client sends -lambda * s (the local model
 *             w_Re - lambda * s). lambda starts at Fang's upper bound
 *               1/((m - 2c - 1) sqrt(d)) * min_i sum_{l in the m-c-2 pool updates nearest to i} ||b_l - b_i||
 *                 + 1/sqrt(d) * max_i ||b_i||
 *             (m clients in the round, c malicious, d coordinates, sizes clamped to the pool) and
 *             is halved until Krum selects the crafted update or lambda drops below the tolerance
 *             (then the last, tiny, lambda is used: the attack gives up). Krum is simulated with
 *             ctx.f on [c copies, pool] (closed-form distances); when ctx.selected (the server's
 *             own selection) is given it is authoritative: the simulated step is kept if the rule
 *             confirms it (selected there, not at the step before), else the steps are walked
 *             with the rule itself.
 * Parameters: variant 'auto' (default: 'krum' for aggregatorName krum / multi-krum / bulyan, else
 *             'trimmed-mean') | 'krum' | 'trimmed-mean'; knowledge 'auto' (default: full when
 *             ctx.benign is given) | 'full' | 'partial'; b > 1 (default 2); tolerance (default 1e-5).
 * Input:      full knowledge: the benign updates are the pool; partial: the attackers' own updates
 *             stand in for them (s, the bound and the simulation all use them). Random draws come
 *             from ctx.rng, client by client, coordinate by coordinate.
 * Returns:    ctx.count updates (for 'krum', exact copies; the paper allows copies within a small ball).
 * Reference:  Fang, Cao, Jia & Gong, "Local Model Poisoning Attacks to Byzantine-Robust Federated
 *             Learning", USENIX Security 2020.
 */
import { z } from 'zod';
import { choice, greaterThan, positive } from '../plugins/param-types.js';
import { defineAttack } from './descriptor.js';
import type { Rng } from '@fedrank/random';
import { argmin, krumScores } from '@fedrank/voting';
import { AttackError, type WeightAttack, type WeightAttackContext } from './types.js';
import { KIND_FIELD, checkChoice, checkNumber, checkSameLength } from './input-checks.js';
import { coordinateMean, coordinateMeanStd, coordinateMinMax } from './coordinate-stats.js';
import { distancesWithCopies, krumSelection } from './simulated-krum.js';
import { lineGeometry } from './line-geometry.js';
import { pairwiseSquaredDistances } from '../aggregators/common.js';
import { replicate } from './replicate.js';

export type FangVariant = 'auto' | 'krum' | 'trimmed-mean';
export type FangKnowledge = 'auto' | 'full' | 'partial';

export interface FangOptions {
  /** Which of Fang's attacks (default 'auto': from ctx.aggregatorName). */
  variant?: FangVariant;
  /** Full knowledge (benign updates) or partial (own updates only) (default 'auto'). */
  knowledge?: FangKnowledge;
  /** Range factor b of the full-knowledge trimmed-mean attack (default 2, > 1). */
  b?: number;
  /** Krum attack: smallest lambda tried (default 1e-5). */
  tolerance?: number;
}

export const FANG_DEFAULTS = {
  variant: 'auto' as FangVariant,
  knowledge: 'auto' as FangKnowledge,
  b: 2,
  tolerance: 1e-5,
};

const KRUM_RULES = new Set(['krum', 'multi-krum', 'bulyan']);

export function fangAttack(options: FangOptions = {}): WeightAttack {
  const variant = checkChoice(options.variant ?? FANG_DEFAULTS.variant, ['auto', 'krum', 'trimmed-mean'], 'attack.variant');
  const knowledge = checkChoice(options.knowledge ?? FANG_DEFAULTS.knowledge, ['auto', 'full', 'partial'], 'attack.knowledge');
  const b = checkNumber(options.b ?? FANG_DEFAULTS.b, 'attack.b', { exclusiveMin: 1 });
  const tolerance = checkNumber(options.tolerance ?? FANG_DEFAULTS.tolerance, 'attack.tolerance', { exclusiveMin: 0 });
  return {
    name: 'fang',
    targets: 'weights',
    craft(ctx: WeightAttackContext): Float32Array[] {
      if (ctx.count <= 0) return [];
      const seesBenign = ctx.benign !== undefined && ctx.benign.length > 0;
      const full = knowledge === 'full' || (knowledge === 'auto' && seesBenign);
      if (full && !seesBenign) {
        throw new AttackError(
          'fang with full knowledge needs the benign updates: the threat model must let the attacker see them (attack.seesBenign: true)',
          KIND_FIELD,
        );
      }
      const pool = full ? (ctx.benign as readonly Float32Array[]) : ctx.own;
      checkSameLength(pool, 'fang', full ? 'benign' : 'own (honest malicious)');
      const which = variant !== 'auto' ? variant : KRUM_RULES.has(ctx.aggregatorName ?? '') ? 'krum' : 'trimmed-mean';
      if (which === 'krum') return replicate(krumCrafted(ctx, pool, tolerance), ctx.count);
      const result: Float32Array[] = [];
      if (full) {
        const mean = coordinateMean(pool);
        const { min, max } = coordinateMinMax(pool);
        for (let k = 0; k < ctx.count; k++) result.push(fullKnowledgeDraw(mean, min, max, b, ctx.rng));
      } else {
        const { mean, std } = coordinateMeanStd(pool);
        for (let k = 0; k < ctx.count; k++) result.push(partialKnowledgeDraw(mean, std, ctx.rng));
      }
      return result;
    },
  };
}

function fullKnowledgeDraw(mean: Float64Array, min: Float64Array, max: Float64Array, b: number, rng: Rng): Float32Array {
  const dim = mean.length;
  const out = new Float32Array(dim);
  for (let j = 0; j < dim; j++) {
    let lo: number;
    let hi: number;
    if (mean[j] > 0) {
      const w = min[j];
      lo = w > 0 ? w / b : b * w;
      hi = w;
    } else {
      const w = max[j];
      lo = w;
      hi = w > 0 ? b * w : w / b;
    }
    out[j] = lo + rng.float() * (hi - lo);
  }
  return out;
}

function partialKnowledgeDraw(mean: Float64Array, std: Float64Array, rng: Rng): Float32Array {
  const dim = mean.length;
  const out = new Float32Array(dim);
  for (let j = 0; j < dim; j++) {
    const u = 3 + rng.float();
    out[j] = mean[j] > 0 ? mean[j] - u * std[j] : mean[j] + u * std[j];
  }
  return out;
}

/**
 * Fang's upper bound on lambda for the Krum attack (see the file comment). squaredNorms: each pool
 * update's squared norm when the caller has it (lineGeometry from the origin 0 sums the same
 * squares in the same order), else computed here.
 */
export function fangKrumLambdaBound(
  pool: readonly Float32Array[],
  poolDist: Float64Array,
  clientsInRound: number,
  count: number,
  squaredNorms?: Float64Array,
): number {
  const n = pool.length;
  const dim = pool[0].length;
  const sqrtD = Math.sqrt(dim);
  const nearest = Math.min(clientsInRound - count - 2, n - 1);
  let term1 = 0;
  if (nearest > 0) {
    // Krum scores on (unsquared) distances: each update's summed distance to its `nearest` closest.
    const poolDistances = poolDist.map(Math.sqrt);
    const sums = krumScores(poolDistances, n, nearest);
    term1 = sums[argmin(sums)] / (Math.max(1, clientsInRound - 2 * count - 1) * sqrtD);
  }
  let maxNorm = 0;
  for (let i = 0; i < n; i++) {
    let s = 0;
    if (squaredNorms !== undefined) s = squaredNorms[i];
    else {
      const x = pool[i];
      for (let j = 0; j < dim; j++) s += x[j] * x[j];
    }
    if (s > maxNorm) maxNorm = s;
  }
  return term1 + Math.sqrt(maxNorm) / sqrtD;
}

function krumCrafted(ctx: WeightAttackContext, pool: readonly Float32Array[], tolerance: number): Float32Array {
  const n = pool.length;
  const dim = pool[0].length;
  const mean = coordinateMean(pool);
  const s = new Float64Array(dim);
  for (let j = 0; j < dim; j++) s[j] = Math.sign(mean[j]);
  const poolDist = pairwiseSquaredDistances(pool, ctx.distances);
  const line = lineGeometry(pool, new Float64Array(dim), s);
  const crafted = (lambda: number): Float32Array => {
    const out = new Float32Array(dim);
    for (let j = 0; j < dim; j++) out[j] = 0 - lambda * s[j]; // 0 - ..., not -lambda * 0 = -0
    return out;
  };
  // line.a[i] = ||0 - b_i||^2: the squared norms, summed as the bound sums them.
  const bound = fangKrumLambdaBound(pool, poolDist, Math.max(ctx.clientsInRound, ctx.count + n), ctx.count, line.a);
  const total = ctx.count + n;
  // The halving sequence bound, bound/2, ... down to the tolerance; the attack takes the first
  // lambda Krum selects (or the last one tried).
  const steps: number[] = [];
  for (let lambda = bound; ; lambda /= 2) {
    steps.push(lambda);
    if (!(lambda / 2 >= tolerance) || steps.length >= 2100) break; // 2100: an infinite bound ends too
  }
  const simulated = (lambda: number): boolean =>
    krumSelection(distancesWithCopies(ctx.count, poolDist, n, line, lambda), total, ctx.f, 1)[0] < ctx.count;
  let k = steps.findIndex(simulated);
  if (ctx.selected !== undefined) {
    // The server's selection is authoritative but costs O(n^2 d) per call: keep the simulated
    // step if the rule confirms it (selected there, not at the step before), else walk the
    // sequence with the rule itself.
    const selected = ctx.selected;
    const real = (lambda: number): boolean => {
      const candidate = crafted(lambda);
      const updates: Float32Array[] = [];
      for (let c = 0; c < ctx.count; c++) updates.push(candidate);
      for (const x of pool) updates.push(x);
      try {
        return selected(updates).some((i) => i < ctx.count);
      } catch (e) {
        const why = e instanceof Error ? e.message : String(e);
        throw new AttackError(
          `fang probes the rule's selection on ${ctx.count} malicious copies + ${n} pool updates, which it rejects (${why}): enlarge the collusion pool (attack.poolSize) or let the attacker see the benign updates`,
          'attack.poolSize',
        );
      }
    };
    const confirmed = k >= 0 && real(steps[k]) && (k === 0 || !real(steps[k - 1]));
    if (!confirmed) k = steps.findIndex(real);
  }
  return crafted(steps[k >= 0 ? k : steps.length - 1]);
}

export const fangDescriptor = defineAttack({
  kind: 'fang',
  targets: 'weights',
  params: z.strictObject({
    variant: choice(['auto', 'krum', 'trimmed-mean']).default(FANG_DEFAULTS.variant),
    knowledge: choice(['auto', 'full', 'partial']).default(FANG_DEFAULTS.knowledge),
    b: greaterThan(1).default(FANG_DEFAULTS.b),
    tolerance: positive().default(FANG_DEFAULTS.tolerance),
  }),
  create: (options) => fangAttack(options),
});
