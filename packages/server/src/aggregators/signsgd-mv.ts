/**
 * SignSGD with majority vote (Bernstein, Zhao, Azizzadenesheli, Anandkumar, "signSGD with
 * Majority Vote is Communication Efficient and Fault Tolerant", ICLR 2019):
 *
 *   y_j = sign( sum_i sign(x_ij) )   in {-1, 0, +1}   (sign(0) = 0; a tied vote gives 0)
 *
 * The aggregate is a direction only: the server multiplies it by its step size. Reducible: the
 * vote counts add up in a tree.
 */
import { z } from 'zod';
import { defineAggregator } from './descriptor.js';
import { checkUpdates } from './common.js';
import type { AggregationContext, WeightAggregator } from './types.js';

export class SignSgdMajorityVote implements WeightAggregator {
  readonly name = 'signsgd-mv' as const;
  readonly consumes = 'weights' as const;
  readonly reducible = true;

  aggregate(updates: readonly Float32Array[], _ctx: AggregationContext): Float32Array {
    const dim = checkUpdates(updates, 'signsgd-mv');
    const votes = new Int32Array(dim);
    for (const u of updates) addSigns(u, votes);
    const out = new Float32Array(dim);
    for (let j = 0; j < dim; j++) out[j] = Math.sign(votes[j]);
    return out;
  }
}

/** votes[j] += sign(x[j]): one client's vote (a partial sum for a tree reduction). */
export function addSigns(x: Float32Array, votes: Int32Array): void {
  const dim = x.length;
  for (let j = 0; j < dim; j++) {
    const v = x[j];
    votes[j] += v > 0 ? 1 : v < 0 ? -1 : 0;
  }
}

export const signSgdMvDescriptor = defineAggregator({
  kind: 'signsgd-mv',
  consumes: 'weights',
  reducible: true,
  params: z.strictObject({}),
  create: () => new SignSgdMajorityVote(),
});
