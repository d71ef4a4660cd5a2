/**
 * SignSGD with majority vote (Bernstein, Zhao, Azizzadenesheli, Anandkumar, "signSGD with
 * Majority Vote is Communication Efficient and Fault Tolerant", ICLR 2019):
 *
 *   y_j = sign( sum_i sign(x_ij) )   in {-1, 0, +1}   (sign(0) = 0; a tied vote gives 0)
 *
 * The aggregate is a direction only: the server multiplies it by its step size. Reducible: the
 * vote counts add up in a tree, and the round folds each update into them as it arrives (`fold`;
 * integer counts, so the order does not matter).
 */
import { z } from 'zod';
import { defineAggregator } from './descriptor.js';
import { checkUpdates, FoldGuard } from './common.js';
import type { AggregateFold, AggregationContext, WeightAggregator } from './types.js';

export class SignSgdMajorityVote implements WeightAggregator {
  readonly name = 'signsgd-mv' as const;
  readonly consumes = 'weights' as const;
  readonly reducible = true;

  aggregate(updates: readonly Float32Array[], _ctx: AggregationContext): Float32Array {
    const dim = checkUpdates(updates, 'signsgd-mv');
    const votes = new Int32Array(dim);
    for (const u of updates) addSigns(u, votes);
    return signsOf(votes);
  }

  fold(dim: number, _ctx: AggregationContext): AggregateFold<Float32Array, Float32Array> {
    return new SignVoteFold(dim);
  }
}

/** The majority vote, one update at a time: integer vote counts, their signs at the end. */
class SignVoteFold implements AggregateFold<Float32Array, Float32Array> {
  readonly orderFree = true;
  private readonly votes: Int32Array;
  private readonly guard = new FoldGuard('signsgd-mv');

  constructor(private readonly dim: number) {
    this.votes = new Int32Array(dim);
  }

  get count(): number {
    return this.guard.count;
  }

  add(update: Float32Array): void {
    this.guard.add(update.length, this.dim);
    addSigns(update, this.votes);
  }

  finish(): Float32Array {
    this.guard.finish();
    return signsOf(this.votes);
  }
}

function signsOf(votes: Int32Array): Float32Array {
  const out = new Float32Array(votes.length);
  for (let j = 0; j < votes.length; j++) out[j] = Math.sign(votes[j]);
  return out;
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
