/**
 * Distances between two rankings of the same n edges (permutations of 0..n-1, edge ids in
 * ascending score order), to measure how far an attack moves the global ranking:
 * - keptFlips: edges whose kept/pruned status differs under a kept-position mask (what changes
 *   the model: the supermask);
 * - footrule (Spearman's footrule): sum over edges of |pos_a(e) - pos_b(e)|;
 * - kendallTau: number of discordant edge pairs (Kendall tau distance), O(n log n).
 * The rankings must be permutations (not checked).
 */
import { inversePermutation } from '@fedrank/voting';

function checkSameLength(a: Uint32Array, b: Uint32Array, name: string): void {
  if (a.length !== b.length) throw new RangeError(`${name}: rankings of ${a.length} and ${b.length} edges`);
}

function statusOf(ranking: Uint32Array, kept: Uint8Array, out: Uint8Array): void {
  for (let i = 0; i < ranking.length; i++) out[ranking[i]] = kept[i];
}

function countStatusChanges(ranking: Uint32Array, kept: Uint8Array, status: Uint8Array): number {
  let flips = 0;
  for (let i = 0; i < ranking.length; i++) if (status[ranking[i]] !== kept[i]) flips++;
  return flips;
}

/**
 * Number of edges kept under one ranking and pruned under the other, with `kept[i]` = 1 when
 * the edge at position i is kept (see keptPositionMask).
 */
export function keptFlips(a: Uint32Array, b: Uint32Array, kept: Uint8Array): number {
  checkSameLength(a, b, 'keptFlips');
  if (kept.length !== a.length) throw new RangeError(`keptFlips: mask of ${kept.length}, rankings of ${a.length}`);
  const status = new Uint8Array(a.length);
  statusOf(a, kept, status);
  return countStatusChanges(b, kept, status);
}

function footruleSum(invA: Uint32Array, b: Uint32Array): number {
  let sum = 0;
  for (let i = 0; i < b.length; i++) {
    const d = invA[b[i]] - i;
    sum += d < 0 ? -d : d;
  }
  return sum;
}

/** Spearman's footrule: sum over edges of |pos_a(e) - pos_b(e)| (at most floor(n^2 / 2)). */
export function footrule(a: Uint32Array, b: Uint32Array): number {
  checkSameLength(a, b, 'footrule');
  return footruleSum(inversePermutation(a), b);
}

function mergeCount(src: Uint32Array, dst: Uint32Array, lo: number, mid: number, hi: number): number {
  let i = lo;
  let j = mid;
  let k = lo;
  let inv = 0;
  while (i < mid && j < hi) {
    if (src[i] <= src[j]) dst[k++] = src[i++];
    else {
      dst[k++] = src[j++];
      inv += mid - i;
    }
  }
  while (i < mid) dst[k++] = src[i++];
  while (j < hi) dst[k++] = src[j++];
  return inv;
}

/** Inversions of `seq` (destroyed), by bottom-up merge sort. */
function inversions(seq: Uint32Array): number {
  const n = seq.length;
  let src: Uint32Array = seq;
  let dst: Uint32Array = new Uint32Array(n);
  let total = 0;
  for (let width = 1; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(lo + width, n);
      const hi = Math.min(lo + 2 * width, n);
      total += mergeCount(src, dst, lo, mid, hi);
    }
    const t = src;
    src = dst;
    dst = t;
  }
  return total;
}

function positionsAlong(invA: Uint32Array, b: Uint32Array, out: Uint32Array): void {
  for (let i = 0; i < b.length; i++) out[i] = invA[b[i]];
}

/** Kendall tau distance: pairs of edges ordered differently by a and b (at most n(n-1)/2). */
export function kendallTau(a: Uint32Array, b: Uint32Array): number {
  checkSameLength(a, b, 'kendallTau');
  const seq = new Uint32Array(a.length);
  positionsAlong(inversePermutation(a), b, seq);
  return inversions(seq);
}
