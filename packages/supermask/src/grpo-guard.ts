/**
 * Token weights of local GRPO training, both opt-in:
 * - confidence threshold: a group whose majority share is below `minAgreement` gets weight 0;
 * - class-balance guard of strength p, a label-free guard against the collapse onto a few classes.
 *   With n_c the current and t_c the target count of predictions of class c,
 *     up_c = min(1, (t_c + 1) / (n_c + 1))^p,   down_c = min(1, (n_c + 1) / (t_c + 1))^p;
 *   a token that pushes its class up (advantage > 0: the majority) is weighted up_c, one that
 *   pushes it down (advantage < 0) down_c, so pushes that would widen the gap to the target are damped.
 * A token's weight multiplies its advantage (its policy term); the KL term and the token-mean's
 * denominator are unchanged, so dropped groups shrink the step.
 */
import { rowArgmax } from './grpo-batch.js';

/** Per class: the weight of a push up (positive advantage) and of a push down (negative advantage). */
export interface ClassGuard {
  up: ArrayLike<number>;
  down: ArrayLike<number>;
}

/** The guard from target and current counts: up_c = min(1, (t_c + 1) / (n_c + 1))^p, down_c = min(1, (n_c + 1) / (t_c + 1))^p. */
export function classGuard(target: ArrayLike<number>, current: ArrayLike<number>, power: number): ClassGuard {
  const up = new Float64Array(target.length);
  const down = new Float64Array(target.length);
  for (let c = 0; c < target.length; c++) {
    const ratio = (target[c] + 1) / (current[c] + 1);
    up[c] = Math.pow(Math.min(1, ratio), power);
    down[c] = Math.pow(Math.min(1, 1 / ratio), power);
  }
  return { up, down };
}

/** Histogram of the row argmaxes of a [rows, classes] logit matrix. */
export function argmaxCounts(logits: ArrayLike<number>, classes: number): Float64Array {
  const counts = new Float64Array(classes);
  for (const c of rowArgmax(logits, classes)) counts[c]++;
  return counts;
}

export interface WeightedGroup {
  advantages: number[];
  /** Summed weight and number of the tokens with a nonzero advantage. */
  weight: number;
  tokens: number;
}

/**
 * A group's advantages after the confidence threshold and the class-balance guard: all 0 when
 * its agreement is below `minAgreement`, else A_g * (A_g > 0 ? up[y_g] : down[y_g]).
 */
export function weightGroup(
  labels: readonly number[],
  advantages: readonly number[],
  agreement: number,
  minAgreement: number,
  guard?: ClassGuard,
): WeightedGroup {
  let weight = 0;
  let tokens = 0;
  const out = advantages.map((a, g) => {
    if (a === 0) return 0;
    tokens++;
    const w = agreement < minAgreement ? 0 : guard ? (a > 0 ? guard.up[labels[g]] : guard.down[labels[g]]) : 1;
    weight += w;
    return w === 0 ? 0 : a * w;
  });
  return { advantages: out, weight, tokens };
}
