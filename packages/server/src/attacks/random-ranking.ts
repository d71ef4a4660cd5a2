/**
 * Random ranking: every malicious client submits, per layer, an independent uniformly random
 * permutation of the layer's edges (r_mal ~ Uniform(S_n)), ignoring its own data: the
 * untargeted baseline attack on FRL's vote (Mozaffari et al., USENIX Security 2023, arXiv
 * 2110.04350, give the vote's robustness argument). A random vote adds, in expectation, the same
 * (n - 1) / 2 to every edge's Borda sum, so it only adds noise around the selection boundaries.
 *
 * Randomness: stream ctx.rng.derive('random-ranking', round, client, layer), so a client's
 * ranking of a layer does not depend on the other layers or clients, nor on ctx.rng's state.
 */
import { z } from 'zod';
import { defineAttack } from './descriptor.js';
import { checkRankingContext } from './ranking-common.js';
import type { RankingAttack, RankingAttackContext } from './types.js';

export class RandomRankingAttack implements RankingAttack {
  readonly name = 'random-ranking' as const;
  readonly targets = 'ranking' as const;

  craft(ctx: RankingAttackContext): Uint32Array[][] {
    checkRankingContext(ctx, this.name);
    const out: Uint32Array[][] = [];
    for (let c = 0; c < ctx.count; c++) {
      out.push(ctx.layerSizes.map((n, l) => ctx.rng.derive('random-ranking', ctx.round, c, l).permutation(n)));
    }
    return out;
  }
}

/** Random-permutation attack (no parameters). */
export function createRandomRanking(): RandomRankingAttack {
  return new RandomRankingAttack();
}

export const randomRankingDescriptor = defineAttack({
  kind: 'random-ranking',
  targets: 'ranking',
  params: z.strictObject({}),
  create: () => createRandomRanking(),
});
