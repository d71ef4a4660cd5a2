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
import { loadNative } from '@fedrank/native';
import { kthSmallest, maskZeros, topKMaskOfAbsThreshold } from '@fedrank/voting';
import { floatOrderKey } from './mask-keys.js';

/** The native addon's version of `maskedWeights` (same results) when it is built. */
const native = loadNative();

export type MaskRule = 'reference' | 'top-rank';
export const MASK_RULES: readonly MaskRule[] = ['reference', 'top-rank'];

/**
 * Writes the effective weights w * mask into `out` and returns the number of kept edges.
 * Ties at the threshold are broken by index (lower index pruned first), so exactly
 * n - floor((1 - keep) * n) edges are kept. `threshold[0]`, if given, receives the key (see
 * mask-keys.ts) of the largest pruned score, or -1 when no edge or every edge is pruned.
 */
export function maskedWeights(
  scores: Float32Array,
  weights: Float32Array,
  keep: number,
  rule: MaskRule,
  out: Float32Array,
  /** false: always the JavaScript version (tests compare both). */
  useNative = true,
  threshold?: Float64Array,
): number {
  const n = scores.length;
  const j = maskZeros(n, keep);
  if (threshold) threshold[0] = -1;
  if (j <= 0) {
    out.set(weights);
    return n;
  }
  if (native.available && useNative && j < n) {
    return threshold
      ? native.kernels.maskedWeights(rule === 'reference' ? 0 : 1, scores, weights, j, out, threshold)
      : native.kernels.maskedWeights(rule === 'reference' ? 0 : 1, scores, weights, j, out);
  }
  if (rule === 'reference') {
    const t = topKMaskOfAbsThreshold(scores, keep, out);
    if (threshold) threshold[0] = t;
    multiplyInPlace(out, weights);
    return n - j;
  }
  // top-rank: the j smallest signed scores are pruned.
  const t = kthSmallest(scores, j - 1);
  if (threshold && j < n) threshold[0] = floatOrderKey(t);
  return keepAboveThreshold(scores, weights, t, j - countBelow(scores, t), out);
}

function multiplyInPlace(out: Float32Array, weights: Float32Array): void {
  for (let i = 0; i < out.length; i++) out[i] *= weights[i];
}

function countBelow(values: Float32Array, t: number): number {
  let below = 0;
  for (let i = 0; i < values.length; i++) if (values[i] < t) below++;
  return below;
}

function keepAboveThreshold(scores: Float32Array, weights: Float32Array, t: number, tiesToPrune: number, out: Float32Array): number {
  let kept = 0;
  for (let i = 0; i < scores.length; i++) {
    const k = scores[i];
    if (k > t || (k === t && tiesToPrune-- <= 0)) {
      out[i] = weights[i];
      kept++;
    } else {
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
