/**
 * Rank reversal, the FRL reference attack (Mozaffari et al., "Every Vote Counts: Ranking-Based
 * Training of Federated Learning to Resist Poisoning Attacks", USENIX Security 2023, arXiv
 * 2110.04350; behaviour of the SPIN-UMass/FRL code). The colluding attackers train honestly on
 * their own data, Borda-aggregate their rankings, and every malicious client in the round
 * submits, per layer, that aggregate reversed:
 *
 *   S(e) = sum over the attackers' honest rankings c of pos_c(e),
 *   r_mal = edges by descending S,
 *
 * i.e. exactly the reverse of the ascending Borda ranking (ties by edge id), so ties come out by
 * descending edge id. Every malicious client sends the same ranking (a copy each).
 */
import { z } from 'zod';
import { defineAttack } from './descriptor.js';
import { BordaAccumulator } from '@fedrank/voting';
import { checkRankingContext } from './ranking-common.js';
import { AttackError, type RankingAttack, type RankingAttackContext } from './types.js';

/** The Borda ranking of `rankings` (n edges each), reversed: edges by descending position sum. */
export function reversedBordaRanking(rankings: readonly Uint32Array[], n: number): Uint32Array {
  const acc = new BordaAccumulator(n);
  for (const r of rankings) acc.add(r);
  return acc.ranking().reverse();
}

export class RankReversalAttack implements RankingAttack {
  readonly name = 'rank-reversal' as const;
  readonly targets = 'ranking' as const;

  craft(ctx: RankingAttackContext): Uint32Array[][] {
    checkRankingContext(ctx, this.name);
    if (ctx.count === 0) return [];
    if (ctx.own.length === 0) {
      throw new AttackError('needs the honest rankings of at least one attacker (own is empty)', 'attack (rank-reversal)');
    }
    const reversed = ctx.layerSizes.map((n, l) =>
      reversedBordaRanking(
        ctx.own.map((client) => client[l]),
        n,
      ),
    );
    const out: Uint32Array[][] = [];
    for (let c = 0; c < ctx.count; c++) out.push(reversed.map((r) => (c === 0 ? r : r.slice())));
    return out;
  }
}

/** The reference's rank-reversal attack (no parameters). */
export function createRankReversal(): RankReversalAttack {
  return new RankReversalAttack();
}

export const rankReversalDescriptor = defineAttack({
  kind: 'rank-reversal',
  targets: 'ranking',
  params: z.strictObject({}),
  create: () => createRankReversal(),
});
