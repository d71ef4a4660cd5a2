/**
 * VEM, Vulnerable Edge Manipulation (Gong, Zhang, Zhang, Zhang, Xiang, Pan, "Not All Edges are
 * Equally Robust: Evaluating the Robustness of Ranking-Based Federated Learning", arXiv
 * 2503.08976, 2025; 53.23% overall attack impact reported against FRL). The algorithm below was
 * read from the paper's abstract and the authors' public code (gongzir1/VEM); positions are
 * 0..n-1 along a ranking (ascending score), m = malicious clients in the round, u = clients in
 * the round, k = keep fraction.
 *
 * 1. Benign reputations. R(e) = the benign Borda sum of edge e (sum of its positions over the
 *    round's benign rankings), known or estimated (see `knowledge`).
 * 2. Vulnerable edges (the abstract's lower and upper bound, in the form the authors' code uses).
 *    Each malicious ranking adds a position in [0, n - 1] to an edge's sum, so m colluders move
 *    any sum by at most m(n - 1): with R_k the reputation at a selection boundary (in the code:
 *    index floor((1 - k) n) of the sorted R, the top-k of the ranking), only edges with R_k - m(n - 1) <= R(e) <= R_k + m(n - 1) can be
 *    pushed across it. Those edges, V, ordered by ascending R, are the targets; the authors cap V
 *    at max_t = 2500 edges centred on the boundary (in R order).
 * 3. Manipulation. Each malicious client c keeps its honest positions outside V and re-assigns
 *    among the V edges the positions v_c it honestly gave them (a permutation P_c of V, so the
 *    result stays a permutation), maximizing the distance between the benign and the malicious
 *    aggregate reputations of V:  max over P_1..P_m of || R_V - sum_c P_c v_c ||_2.
 *    The authors relax each P_c with Gumbel-Sinkhorn, run Adam on the logits, then round with
 *    the Hungarian algorithm (T x T matrices, hence their cap).
 *
 * Here step 3 is solved exactly in closed form: ||R - b||^2 = ||R||^2 - 2<R, b> + ||b||^2 with
 * b = sum_c P_c v_c; by the rearrangement inequality <R, P_c v_c> is smallest and every
 * <P_c v_c, P_d v_d> largest when every P_c v_c is sorted against R, so the optimum is: each
 * client gives its largest V-position to the V edge with the smallest R, its second largest to
 * the second smallest, ... (a reversal of its own positions within V; ties in R by edge id, the
 * same order for all clients). O(n) per client and layer, no matrices; the cap is kept as a
 * parameter (default 2500, the authors' max_t) because it shapes the attack: when the benign sums
 * across V are close (a narrow V, clients that disagree near the boundary) the reversal carries
 * most V edges across the boundary; over the whole bound it mostly compresses V and flips little.
 * Every band is handled on its own (one per boundary; overlapping bands merge).
 *
 * Parameters:
 * - knowledge 'partial' (default): R is estimated from m honest rankings scaled to the benign
 *   count, R ~ (u - m) / m * sum of the samples' positions. This is the authors' experiment code
 *   (it hands the attacker the rankings of m benign clients, as many as malicious ones in the
 *   round), the setting behind the headline numbers as far as the public code shows; here the
 *   samples are the attackers' own honest rankings `own` (scale (u - m) / |own|).
 *   'full': R is the exact benign Borda sum of `benign` (threat model: sees benign updates).
 *   Neither uses the global ranking (only as the honest base when `own` is empty, full knowledge).
 * - boundaries 'mask-rule' (default): every boundary of the server's actual kept positions
 *   (ctx.keptPositions, else maskRule/keep: the reference |score| rule has two, near the bottom
 *   and top keep/2 of the ranking); 'top-k': the single boundary floor((1 - k) n) (top-k of the
 *   ranking), as the authors' code does even though its mask (like FRL's reference) keeps the
 *   largest |score|.
 * - maxVulnerable: cap on |V| per boundary (default 2500; Infinity = the whole bound).
 * - submit 'ranking' (default): the manipulated ranking. 'positions': the manipulated vector of
 *   positions (its inverse) in place of the ranking, as the authors' experiment code submits it
 *   (its server then reads edge ids as positions, which scrambles the vote far beyond V); only
 *   to reproduce that code's numbers, not the attack the paper describes.
 *
 * Malicious client c starts from own[c mod |own|].
 */
import { z } from 'zod';
import { choice, count } from '../plugins/param-types.js';
import { defineAttack } from './descriptor.js';
import { argsortFloat64, bordaScores, inversePermutation, maskZeros } from '@fedrank/voting';
import { checkRankingContext, keptPositionsOf, selectionBoundaries } from './ranking-common.js';
import { AttackError, type RankingAttack, type RankingAttackContext } from './types.js';

export type VemKnowledge = 'partial' | 'full';
export type VemBoundaries = 'mask-rule' | 'top-k';
export type VemSubmit = 'ranking' | 'positions';

export interface VemParams {
  knowledge?: VemKnowledge;
  boundaries?: VemBoundaries;
  /** Cap on the vulnerable edges per boundary (positive integer or Infinity); default 2500. */
  maxVulnerable?: number;
  /** 'ranking' (default) or 'positions' (the authors' code's submission; see above). */
  submit?: VemSubmit;
}

/** The authors' default cap on the vulnerable set (`--max_t 2500`). */
export const VEM_DEFAULT_MAX_VULNERABLE = 2500;

/** First index i in [lo, hi) with sums[order[i]] >= x (hi if none). */
function lowerBound(sums: Float64Array, order: Uint32Array, x: number, lo: number, hi: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sums[order[mid]] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index i in [lo, hi) with sums[order[i]] > x (hi if none). */
function upperBound(sums: Float64Array, order: Uint32Array, x: number, lo: number, hi: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sums[order[mid]] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The vulnerable edges around each selection boundary. `sums`: reference Borda sums (the
 * estimate of the benign sums is sums * scale); `boundaries`: positions p (between p - 1 and p)
 * of the ranking by ascending sum; `malicious`: m. Returns the bands (overlapping ones merged),
 * each the edges with |R(e) - R_p| <= m(n - 1) in ascending R order (ties by edge id), capped at
 * `maxVulnerable` edges centred on p.
 */
export function vulnerableBands(
  sums: Float64Array,
  scale: number,
  boundaries: readonly number[],
  malicious: number,
  maxVulnerable: number = VEM_DEFAULT_MAX_VULNERABLE,
): Uint32Array[] {
  const n = sums.length;
  const order = argsortFloat64(sums);
  const half = malicious * (n - 1);
  const ranges: [number, number][] = [];
  for (const p of boundaries) {
    if (!(p > 0 && p < n)) continue;
    let lo = 0;
    let hi = n;
    if (scale > 0) {
      const halfRaw = half / scale;
      const rk = sums[order[p]];
      lo = lowerBound(sums, order, rk - halfRaw, 0, p);
      hi = upperBound(sums, order, rk + halfRaw, p, n);
    }
    if (hi - lo > maxVulnerable) {
      const cap = maxVulnerable;
      let start = Math.max(lo, p - Math.floor(cap / 2));
      const end = Math.min(hi, start + cap);
      start = Math.max(lo, end - cap);
      lo = start;
      hi = end;
    }
    if (hi > lo) ranges.push([lo, hi]);
  }
  ranges.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last !== undefined && r[0] < last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  return merged.map(([lo, hi]) => order.slice(lo, hi));
}

/** bandOf[e] = 1 + index of the band holding e, 0 outside every band. */
function markBands(bands: readonly Uint32Array[], bandOf: Uint32Array): void {
  for (let b = 0; b < bands.length; b++) {
    const edges = bands[b];
    for (let t = 0; t < edges.length; t++) bandOf[edges[t]] = b + 1;
  }
}

/** pos[b] = the positions of `base` holding band-b edges, ascending; fill[b] = their count. */
function collectPositions(base: Uint32Array, bandOf: Uint32Array, pos: Uint32Array[], fill: Uint32Array): void {
  fill.fill(0);
  for (let p = 0; p < base.length; p++) {
    const b = bandOf[base[p]];
    if (b !== 0) {
      const k = b - 1;
      pos[k][fill[k]++] = p;
    }
  }
}

/** The band's edge with the t-th smallest R takes the band's t-th largest position. */
function assignReversed(out: Uint32Array, edges: Uint32Array, pos: Uint32Array): void {
  const t1 = edges.length - 1;
  for (let t = 0; t <= t1; t++) out[pos[t1 - t]] = edges[t];
}

/**
 * One malicious ranking: `base` (an honest ranking) with each band's positions re-assigned in
 * reverse order of the band (the exact maximizer of || R_V - sum_c P_c v_c ||_2, see above).
 */
export function manipulateRanking(base: Uint32Array, bands: readonly Uint32Array[]): Uint32Array {
  const bandOf = new Uint32Array(base.length);
  markBands(bands, bandOf);
  return manipulateMarked(
    base,
    bands,
    bandOf,
    bands.map((e) => new Uint32Array(e.length)),
    new Uint32Array(bands.length),
  );
}

function manipulateMarked(
  base: Uint32Array,
  bands: readonly Uint32Array[],
  bandOf: Uint32Array,
  pos: Uint32Array[],
  fill: Uint32Array,
): Uint32Array {
  const out = base.slice();
  collectPositions(base, bandOf, pos, fill);
  for (let b = 0; b < bands.length; b++) {
    if (fill[b] !== bands[b].length) {
      throw new AttackError(`the honest ranking is not a permutation (band ${b}: ${fill[b]} of ${bands[b].length} edges)`, 'attack (vem)');
    }
    assignReversed(out, bands[b], pos[b]);
  }
  return out;
}

export class VemAttack implements RankingAttack {
  readonly name = 'vem' as const;
  readonly targets = 'ranking' as const;
  readonly knowledge: VemKnowledge;
  readonly boundaries: VemBoundaries;
  readonly maxVulnerable: number;
  readonly submit: VemSubmit;

  constructor(params: VemParams = {}) {
    const knowledge = params.knowledge ?? 'partial';
    if (knowledge !== 'partial' && knowledge !== 'full') {
      throw new AttackError(`expected 'partial' or 'full', got ${String(knowledge)}`, 'attack.knowledge');
    }
    const boundaries = params.boundaries ?? 'mask-rule';
    if (boundaries !== 'mask-rule' && boundaries !== 'top-k') {
      throw new AttackError(`expected 'mask-rule' or 'top-k', got ${String(boundaries)}`, 'attack.boundaries');
    }
    const cap = params.maxVulnerable ?? VEM_DEFAULT_MAX_VULNERABLE;
    if (!(cap === Infinity || (Number.isInteger(cap) && cap > 0))) {
      throw new AttackError(`expected a positive integer (or Infinity), got ${cap}`, 'attack.maxVulnerable');
    }
    const submit = params.submit ?? 'ranking';
    if (submit !== 'ranking' && submit !== 'positions') {
      throw new AttackError(`expected 'ranking' or 'positions', got ${String(submit)}`, 'attack.submit');
    }
    this.submit = submit;
    this.knowledge = knowledge;
    this.boundaries = boundaries;
    this.maxVulnerable = cap;
  }

  craft(ctx: RankingAttackContext): Uint32Array[][] {
    checkRankingContext(ctx, this.name);
    const m = ctx.count;
    if (m === 0) return [];
    let reference: readonly (readonly Uint32Array[])[];
    let scale: number;
    if (this.knowledge === 'full') {
      if (ctx.benign === undefined) {
        throw new AttackError("knowledge 'full' needs the benign rankings (threat model: seesBenign)", 'attack.knowledge');
      }
      reference = ctx.benign;
      scale = 1;
    } else {
      if (ctx.own.length === 0) {
        throw new AttackError("knowledge 'partial' needs the attackers' honest rankings (own is empty)", 'attack (vem)');
      }
      const u = ctx.clientsInRound ?? (ctx.benign !== undefined ? ctx.benign.length + m : undefined);
      if (u === undefined) {
        throw new AttackError("knowledge 'partial' needs clientsInRound to estimate the benign sums", 'attack (vem)');
      }
      reference = ctx.own;
      scale = Math.max(0, u - m) / ctx.own.length;
    }
    const out: Uint32Array[][] = Array.from({ length: m }, () => []);
    for (let l = 0; l < ctx.layerSizes.length; l++) {
      const n = ctx.layerSizes[l];
      const sums = bordaScores(
        reference.map((client) => client[l]),
        n,
      );
      const bounds = this.boundaries === 'top-k' ? [maskZeros(n, ctx.keep)] : selectionBoundaries(keptPositionsOf(ctx, l));
      const bands = vulnerableBands(sums, scale, bounds, m, this.maxVulnerable);
      const bandOf = new Uint32Array(n);
      markBands(bands, bandOf);
      const pos = bands.map((e) => new Uint32Array(e.length));
      const fill = new Uint32Array(bands.length);
      for (let c = 0; c < m; c++) {
        const base = ctx.own.length > 0 ? ctx.own[c % ctx.own.length][l] : ctx.globalRanking[l];
        const crafted = manipulateMarked(base, bands, bandOf, pos, fill);
        out[c].push(this.submit === 'positions' ? inversePermutation(crafted) : crafted);
      }
    }
    return out;
  }
}

/** VEM with the given parameters (defaults: partial knowledge, the mask rule's boundaries, cap 2500). */
export function createVem(params: VemParams = {}): VemAttack {
  return new VemAttack(params);
}

export const vemDescriptor = defineAttack({
  kind: 'vem',
  targets: 'ranking',
  params: z.strictObject({
    knowledge: choice(['partial', 'full']).default('partial'),
    boundaries: choice(['mask-rule', 'top-k']).default('mask-rule'),
    maxVulnerable: count(1).default(VEM_DEFAULT_MAX_VULNERABLE),
    submit: choice(['ranking', 'positions']).default('ranking'),
  }),
  create: (params) => createVem(params),
});
