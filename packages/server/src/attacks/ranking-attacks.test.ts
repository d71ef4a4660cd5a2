/**
 * The attacks on rankings against FRL's vote on a constructed round: 20 benign clients whose
 * rankings are noisy views of one edge quality (score = quality + N(0, sigma^2)), 5 attackers
 * trained on the same distribution. Distance from the benign-only Borda ranking: edges whose
 * kept/pruned status flips (the mask is what the model uses), Spearman's footrule.
 * sigma = 1 is a regime where VEM's default cap (2500 edges per boundary) pays: the benign sums
 * around each boundary are close, so nearly every capped vulnerable edge flips. With clients that
 * agree closely (sigma = 0.3 here) VEM with that cap flips fewer edges than random rankings, and
 * with full knowledge about as few as 5 extra benign rankings: the cap is a real parameter.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '@fedrank/random';
import { argsortFloat32, bordaRanking, validatePermutation } from '@fedrank/voting';
import { createRandomRanking } from './random-ranking.js';
import { createRankReversal } from './rank-reversal.js';
import { keptPositionMask } from './ranking-common.js';
import { footrule, keptFlips } from './ranking-metrics.js';
import type { RankingAttack, RankingAttackContext, RankingMaskRule } from './types.js';
import { createVem } from './vem.js';

const N = 20_000;
const BENIGN = 20;
const MALICIOUS = 5;

function noisyRanking(quality: Float32Array, rng: Rng, sigma: number): Uint32Array {
  const s = new Float32Array(quality.length);
  for (let i = 0; i < s.length; i++) s[i] = quality[i] + rng.normal(0, sigma);
  return argsortFloat32(s);
}

function round(sigma: number, seed: number) {
  const rng = new Rng(seed);
  const quality = new Float32Array(N);
  for (let i = 0; i < N; i++) quality[i] = rng.normal();
  const draw = (k: number) => Array.from({ length: k }, () => [noisyRanking(quality, rng, sigma)]);
  const benign = draw(BENIGN);
  const own = draw(MALICIOUS);
  const extraBenign = draw(MALICIOUS);
  return {
    benign,
    own,
    extraBenign,
    benignBorda: bordaRanking(
      benign.map((c) => c[0]),
      N,
    ),
  };
}

type Round = ReturnType<typeof round>;

function ctxOf(r: Round, maskRule: RankingMaskRule): RankingAttackContext {
  return {
    round: 0,
    rng: new Rng(99),
    own: r.own,
    benign: r.benign,
    globalRanking: [r.benignBorda],
    layerSizes: [N],
    count: MALICIOUS,
    keep: 0.5,
    clientsInRound: BENIGN + MALICIOUS,
    maskRule,
  };
}

function distance(r: Round, added: Uint32Array[][], maskRule: RankingMaskRule) {
  const agg = bordaRanking(
    [...r.benign, ...added].map((c) => c[0]),
    N,
  );
  return { flips: keptFlips(r.benignBorda, agg, keptPositionMask(N, 0.5, maskRule)), footrule: footrule(r.benignBorda, agg) };
}

const attacks: [string, RankingAttack][] = [
  ['rank-reversal', createRankReversal()],
  ['random-ranking', createRandomRanking()],
  ['vem (partial knowledge)', createVem()],
  ['vem (full knowledge)', createVem({ knowledge: 'full' })],
];

describe('attacks on rankings vs extra benign rankings', () => {
  const r = round(1, 7);
  for (const maskRule of ['reference', 'top-rank'] as const) {
    const baseline = distance(r, r.extraBenign, maskRule);
    for (const [name, attack] of attacks) {
      it(`${name} moves the vote further than ${MALICIOUS} benign rankings (${maskRule} mask)`, () => {
        const crafted = attack.craft(ctxOf(r, maskRule));
        expect(crafted).toHaveLength(MALICIOUS);
        for (const c of crafted) expect(validatePermutation(c[0], N)).toBeNull();
        const d = distance(r, crafted, maskRule);
        expect(d.flips).toBeGreaterThan(baseline.flips);
        expect(d.footrule).toBeGreaterThan(baseline.footrule);
      });
    }
  }

  it('vem flips more edges than random rankings (constructed round, both mask rules)', () => {
    for (const maskRule of ['reference', 'top-rank'] as const) {
      const random = distance(r, createRandomRanking().craft(ctxOf(r, maskRule)), maskRule).flips;
      const vemFull = distance(r, createVem({ knowledge: 'full' }).craft(ctxOf(r, maskRule)), maskRule).flips;
      const vemPartial = distance(r, createVem().craft(ctxOf(r, maskRule)), maskRule).flips;
      expect(vemFull).toBeGreaterThan(2 * random);
      expect(vemPartial).toBeGreaterThan(random);
    }
  });
});
