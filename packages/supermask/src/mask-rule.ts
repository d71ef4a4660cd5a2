/**
 * Which edges a supermask keeps, given a layer's scores and the keep fraction k.
 * With n edges and j = floor((1 - k) * n), exactly n - j edges are kept.
 *
 * - 'reference': the top n - j edges by |score| (edge-popup's GetSubnet on scores.abs(), as the
 *   FRL reference code does; after the server reassigns the sorted round-0 scores, which are
 *   symmetric around 0, this keeps roughly the bottom and the top quarter of the global ranking).
 *   Straight-through gradient: dL/ds = dL/dw_eff * w * sign(s).
 * - 'top-rank': the top n - j edges by signed score, i.e. the top of the ranking, as the FRL
 *   paper's text describes. Straight-through gradient: dL/ds = dL/dw_eff * w.
 */
import { kthSmallest } from '@fedrank/voting';

export type MaskRule = 'reference' | 'top-rank';
export const MASK_RULES: readonly MaskRule[] = ['reference', 'top-rank'];

/** Number of edges masked out (set to zero) in a layer of n edges. */
export function prunedCount(n: number, keep: number): number {
  return Math.floor((1 - keep) * n);
}

/** Scratch space reused across calls (one per thread). */
let scratch = new Float32Array(0);

function keyBuffer(scores: Float32Array, rule: MaskRule): Float32Array {
  if (scratch.length < scores.length) scratch = new Float32Array(scores.length);
  const keys = scratch.subarray(0, scores.length);
  if (rule === 'reference') {
    for (let i = 0; i < scores.length; i++) keys[i] = Math.abs(scores[i]);
  } else {
    keys.set(scores);
  }
  return keys;
}

/**
 * Writes the effective weights w * mask into `out` and returns the number of kept edges.
 * Ties at the threshold are broken by index (lower index pruned first), so exactly
 * n - floor((1 - keep) * n) edges are kept.
 */
export function maskedWeights(
  scores: Float32Array,
  weights: Float32Array,
  keep: number,
  rule: MaskRule,
  out: Float32Array,
): number {
  const n = scores.length;
  const j = prunedCount(n, keep);
  if (j <= 0) {
    out.set(weights);
    return n;
  }
  const keys = keyBuffer(scores, rule);
  // The j-th smallest key (0-based j-1) is the largest pruned key; everything above it is kept.
  const t = kthSmallest(keys, j - 1);
  let below = 0;
  for (let i = 0; i < n; i++) if (keys[i] < t) below++;
  let tiesToPrune = j - below;
  let kept = 0;
  for (let i = 0; i < n; i++) {
    const k = keys[i];
    if (k > t) {
      out[i] = weights[i];
      kept++;
    } else if (k === t && tiesToPrune <= 0) {
      out[i] = weights[i];
      kept++;
    } else {
      if (k === t) tiesToPrune--;
      out[i] = 0;
    }
  }
  return kept;
}

/** The keep mask (1 kept, 0 pruned) of a layer, for tests and reports. */
export function keepMask(scores: Float32Array, keep: number, rule: MaskRule): Uint8Array {
  const ones = new Float32Array(scores.length).fill(1);
  const out = new Float32Array(scores.length);
  maskedWeights(scores, ones, keep, rule, out);
  const m = new Uint8Array(scores.length);
  for (let i = 0; i < m.length; i++) m[i] = out[i] !== 0 ? 1 : 0;
  return m;
}

/**
 * Straight-through gradient of the scores from the gradient of the effective weights
 * (written into `out`, which may alias `gradEff`).
 */
export function scoreGradient(
  gradEff: Float32Array,
  weights: Float32Array,
  scores: Float32Array,
  rule: MaskRule,
  out: Float32Array,
): void {
  const n = scores.length;
  if (rule === 'reference') {
    for (let i = 0; i < n; i++) {
      const s = scores[i];
      out[i] = s > 0 ? gradEff[i] * weights[i] : s < 0 ? -gradEff[i] * weights[i] : 0;
    }
  } else {
    for (let i = 0; i < n; i++) out[i] = gradEff[i] * weights[i];
  }
}
