/**
 * Shared pieces of the attacks on rankings (rank-reversal, random-ranking, vem): checks of the
 * attack context, and the server's keep rule expressed on positions of a global ranking (which
 * positions are kept, and the selection boundaries between kept and pruned runs).
 */
import { maskZeros, topKMaskOfAbs } from '@fedrank/voting';
import { AttackError, type RankingAttackContext, type RankingMaskRule } from './types.js';

function isCount(x: number): boolean {
  return Number.isInteger(x) && x >= 0;
}

function checkLayers(rankings: readonly (readonly Uint32Array[])[], sizes: readonly number[], what: string, name: string): void {
  for (let c = 0; c < rankings.length; c++) {
    const layers = rankings[c];
    if (layers.length !== sizes.length) {
      throw new AttackError(`${what}[${c}] has ${layers.length} layers, expected ${sizes.length}`, `attack (${name})`);
    }
    for (let l = 0; l < sizes.length; l++) {
      if (layers[l].length !== sizes[l]) {
        throw new AttackError(`${what}[${c}] layer ${l} has ${layers[l].length} edges, expected ${sizes[l]}`, `attack (${name})`);
      }
    }
  }
}

/**
 * Throws AttackError unless the context is consistent: count and layer sizes are non-negative
 * integers, and every given ranking (own, benign, globalRanking) has the layer sizes. Whether
 * each ranking is a permutation is not checked here (O(n) each); the Borda sums check the
 * rankings they add.
 */
export function checkRankingContext(ctx: RankingAttackContext, name: string): void {
  if (!isCount(ctx.count)) throw new AttackError(`count must be a non-negative integer, got ${ctx.count}`, `attack (${name})`);
  for (let l = 0; l < ctx.layerSizes.length; l++) {
    if (!isCount(ctx.layerSizes[l]) || ctx.layerSizes[l] > 0xffffffff) {
      throw new AttackError(`layer ${l} has an invalid size ${ctx.layerSizes[l]}`, `attack (${name})`);
    }
  }
  if (!(ctx.keep > 0 && ctx.keep <= 1)) throw new AttackError(`keep must be in (0, 1], got ${ctx.keep}`, `attack (${name})`);
  checkLayers(ctx.own, ctx.layerSizes, 'own', name);
  if (ctx.benign !== undefined) checkLayers(ctx.benign, ctx.layerSizes, 'benign', name);
  checkLayers([ctx.globalRanking], ctx.layerSizes, 'globalRanking', name);
  if (ctx.clientsInRound !== undefined && !isCount(ctx.clientsInRound)) {
    throw new AttackError(`clientsInRound must be a non-negative integer, got ${ctx.clientsInRound}`, `attack (${name})`);
  }
  if (ctx.keptPositions !== undefined) {
    if (ctx.keptPositions.length !== ctx.layerSizes.length) {
      throw new AttackError(`keptPositions has ${ctx.keptPositions.length} layers, expected ${ctx.layerSizes.length}`, `attack (${name})`);
    }
    for (let l = 0; l < ctx.layerSizes.length; l++) {
      if (ctx.keptPositions[l].length !== ctx.layerSizes[l]) {
        throw new AttackError(
          `keptPositions layer ${l} has ${ctx.keptPositions[l].length} entries, expected ${ctx.layerSizes[l]}`,
          `attack (${name})`,
        );
      }
    }
  }
}

function fillRange(mask: Uint8Array, from: number, to: number, v: number): void {
  for (let i = from; i < to; i++) mask[i] = v;
}

/**
 * Which positions of a global ranking of n edges the server keeps: 1 at position i when the edge
 * placed at position i is kept. 'top-rank': positions j..n-1, j = floor((1 - keep) * n).
 * 'reference' (top `keep` of |score|, the scores being the sorted round-0 values): exactly
 * `topKMaskOfAbs(sortedInitial, keep)` when the sorted round-0 values of the layer are given;
 * otherwise the values are taken as symmetric around 0, so the j pruned positions are the middle
 * run floor((n - j) / 2) .. floor((n - j) / 2) + j - 1.
 */
export function keptPositionMask(n: number, keep: number, rule: RankingMaskRule = 'reference', sortedInitial?: Float32Array): Uint8Array {
  const j = maskZeros(n, keep);
  if (rule === 'top-rank') {
    const mask = new Uint8Array(n);
    fillRange(mask, j, n, 1);
    return mask;
  }
  if (sortedInitial !== undefined) {
    if (sortedInitial.length !== n) {
      throw new RangeError(`keptPositionMask: ${sortedInitial.length} round-0 values, expected ${n}`);
    }
    return topKMaskOfAbs(sortedInitial, keep);
  }
  const mask = new Uint8Array(n).fill(1);
  const a = Math.floor((n - j) / 2);
  fillRange(mask, a, a + j, 0);
  return mask;
}

/** The kept positions of layer l: ctx.keptPositions[l], else derived from maskRule and keep. */
export function keptPositionsOf(ctx: RankingAttackContext, l: number): Uint8Array {
  return ctx.keptPositions?.[l] ?? keptPositionMask(ctx.layerSizes[l], ctx.keep, ctx.maskRule ?? 'reference');
}

/**
 * The selection boundaries of a kept-position mask: every p in 1..n-1 with
 * kept[p - 1] !== kept[p] (the boundary between positions p - 1 and p), ascending.
 */
export function selectionBoundaries(kept: Uint8Array): number[] {
  const out: number[] = [];
  for (let p = 1; p < kept.length; p++) if (kept[p - 1] !== kept[p]) out.push(p);
  return out;
}
