/**
 * Information-theoretic size of a ranking update: a uniformly random permutation of n edges
 * carries log2(n!) bits, so no lossless codec can average fewer bits per update over all
 * rankings than sum_l log2(n_l!). (Plain bit packing spends n * ceil(log2 n).)
 */
import { bitWidth } from './bits.js';

/** Below this n, log2(n!) is summed exactly (term by term); above it, Stirling's series. */
const EXACT_BELOW = 64;
const LOG2E = Math.LOG2E;
const HALF_LOG2_2PI = 0.5 * Math.log2(2 * Math.PI);

/** log2(n!) for an integer n >= 0; relative error below 1e-15 (Stirling with 3 correction terms for n >= 64). */
export function log2Factorial(n: number): number {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`log2Factorial: n must be a non-negative integer, got ${n}`);
  if (n < EXACT_BELOW) {
    let s = 0;
    for (let k = 2; k <= n; k++) s += Math.log2(k);
    return s;
  }
  // ln n! = n ln n - n + ln(2 pi n)/2 + 1/(12 n) - 1/(360 n^3) + 1/(1260 n^5) - ...
  // at n = 64 the first omitted term, 1/(1680 n^7), is below 1e-15.
  const inv = 1 / n;
  const inv2 = inv * inv;
  const series = inv * (1 / 12 - inv2 * (1 / 360 - inv2 / 1260));
  return n * Math.log2(n) - n * LOG2E + HALF_LOG2_2PI + 0.5 * Math.log2(n) + series * LOG2E;
}

/** sum over layers of log2(n_l!), in bits: the information content of one ranking update. */
export function informationBits(layerSizes: readonly number[]): number {
  let bits = 0;
  for (const n of layerSizes) bits += log2Factorial(n);
  return bits;
}

/** sum over layers of n_l * ceil(log2 n_l), in bits: the body of a bit-packed ranking update. */
export function bitpackedBits(layerSizes: readonly number[]): number {
  let bits = 0;
  for (const n of layerSizes) bits += n * bitWidth(n);
  return bits;
}
