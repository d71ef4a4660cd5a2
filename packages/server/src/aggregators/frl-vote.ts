/**
 * FRL's server vote (Mozaffari, Shejwalkar, Houmansadr, "Every Vote Counts: Ranking-Based
 * Training of Federated Learning to Resist Poisoning Attacks", USENIX Security 2023), per layer:
 *
 *   S(e) = sum over clients c of pos_c(e)    (pos_c(e): position of edge e in c's ranking)
 *   global ranking = edges sorted by ascending S (ties: lower edge id)
 *
 * An unweighted Borda count, kept in float64 by `BordaAccumulator` of @fedrank/voting.
 * Reducible: position sums add up in a tree (see BordaAccumulator.merge), and the round folds
 * each client's rankings into them as they arrive (`fold`; integer sums, exact in float64 for any
 * order), leaving only the final sort for the end of the round.
 */
import { z } from 'zod';
import { defineAggregator } from './descriptor.js';
import { BordaAccumulator } from '@fedrank/voting';
import { FoldGuard } from './common.js';
import type { AggregateFold, AggregationContext, RankingAggregator } from './types.js';
import { AggregatorError } from './types.js';

export class FrlVote implements RankingAggregator {
  readonly name = 'frl-vote' as const;
  readonly consumes = 'ranking' as const;
  readonly reducible = true;

  aggregate(rankings: readonly (readonly Uint32Array[])[], layerSizes: readonly number[], _ctx: AggregationContext): Uint32Array[] {
    if (rankings.length === 0) throw new AggregatorError('frl-vote got no rankings to aggregate', 'updates');
    for (let c = 0; c < rankings.length; c++) {
      if (rankings[c].length !== layerSizes.length) {
        throw new AggregatorError(
          `frl-vote: client ${c} sent ${rankings[c].length} layer rankings, the model has ${layerSizes.length} layers`,
          'updates',
        );
      }
    }
    return layerSizes.map((size, l) => {
      const vote = new BordaAccumulator(size);
      for (let c = 0; c < rankings.length; c++) {
        try {
          vote.add(rankings[c][l]);
        } catch (e) {
          const reason = e instanceof Error ? e.message : String(e);
          throw new AggregatorError(`frl-vote: client ${c}, layer ${l}: ${reason}`, 'updates');
        }
      }
      return vote.ranking();
    });
  }

  fold(layerSizes: readonly number[], _ctx: AggregationContext): AggregateFold<readonly Uint32Array[], Uint32Array[]> {
    return new BordaFold(layerSizes);
  }
}

/** The vote, one client at a time: a Borda accumulator per layer, sorted at the end. */
class BordaFold implements AggregateFold<readonly Uint32Array[], Uint32Array[]> {
  readonly orderFree = true;
  private readonly votes: BordaAccumulator[];
  private readonly guard = new FoldGuard('frl-vote');

  constructor(layerSizes: readonly number[]) {
    this.votes = layerSizes.map((size) => new BordaAccumulator(size));
  }

  get count(): number {
    return this.guard.count;
  }

  add(rankings: readonly Uint32Array[]): void {
    const c = this.guard.count;
    this.guard.add(rankings.length, this.votes.length, 'layer rankings');
    for (let l = 0; l < this.votes.length; l++) {
      try {
        this.votes[l].add(rankings[l]);
      } catch (e) {
        const reason = e instanceof Error ? e.message : String(e);
        throw new AggregatorError(`frl-vote: client ${c}, layer ${l}: ${reason}`, 'updates');
      }
    }
  }

  finish(): Uint32Array[] {
    this.guard.finish();
    return this.votes.map((v) => v.ranking());
  }
}

export const frlVoteDescriptor = defineAggregator({
  kind: 'frl-vote',
  consumes: 'ranking',
  reducible: true,
  params: z.strictObject({}),
  create: () => new FrlVote(),
});
