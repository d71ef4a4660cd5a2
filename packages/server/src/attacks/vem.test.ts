import { describe, expect, it } from 'vitest';
import { Rng } from '@fedrank/random';
import { inversePermutation, validatePermutation } from '@fedrank/voting';
import { reversedBordaRanking } from './rank-reversal.js';
import { AttackError, type RankingAttackContext } from './types.js';
import { createVem, manipulateRanking, vulnerableBands, VemAttack } from './vem.js';

const u32 = (xs: number[]) => Uint32Array.from(xs);
const arr = (r: Uint32Array) => Array.from(r);

function ctxOf(own: Uint32Array[][], count: number, layerSizes: number[], extra: Partial<RankingAttackContext> = {}): RankingAttackContext {
  return {
    round: 0,
    rng: new Rng(1),
    own,
    globalRanking: layerSizes.map((n) => Uint32Array.from({ length: n }, (_, i) => i)),
    layerSizes,
    count,
    keep: 0.5,
    ...extra,
  };
}

// The hand-computed example of rank-reversal.test.ts: sums e0 3, e1 2, e2 4, e3 10, e4 11,
// Borda order [1,0,2,3,4].
const OWN = [[u32([0, 1, 2, 3, 4])], [u32([1, 0, 2, 4, 3])], [u32([2, 1, 0, 3, 4])]];

describe('vem: vulnerable edges', () => {
  it('keeps the edges within m(n-1) of the boundary sum, estimate scaled to the benign count', () => {
    // Sums 0..4 along order [0..4], scale 2 -> estimates 0,2,4,6,8; boundary p=3: R_k = 6;
    // m=1, n=5: bound 4 -> estimates in [2, 10]: sorted indices 1..4.
    expect(vulnerableBands(Float64Array.from([0, 1, 2, 3, 4]), 2, [3], 1, Infinity).map(arr)).toEqual([[1, 2, 3, 4]]);
    // Scale 10 -> estimates 0,10,...,40: only the boundary edge itself.
    expect(vulnerableBands(Float64Array.from([0, 1, 2, 3, 4]), 10, [3], 1, Infinity).map(arr)).toEqual([[3]]);
    // No benign clients (scale 0): every edge.
    expect(vulnerableBands(Float64Array.from([4, 3, 2, 1, 0]), 0, [3], 1, Infinity).map(arr)).toEqual([[4, 3, 2, 1, 0]]);
  });

  it('caps the band at maxVulnerable edges centred on the boundary and merges overlaps', () => {
    const sums = Float64Array.from({ length: 10 }, (_, i) => i);
    expect(vulnerableBands(sums, 0, [5], 1, 4).map(arr)).toEqual([[3, 4, 5, 6]]);
    expect(vulnerableBands(sums, 0, [1], 1, 4).map(arr)).toEqual([[0, 1, 2, 3]]);
    expect(vulnerableBands(sums, 0, [3, 7], 1, 2).map(arr)).toEqual([
      [2, 3],
      [6, 7],
    ]);
    expect(vulnerableBands(sums, 0, [3, 5], 1, 4).map(arr)).toEqual([[1, 2, 3, 4, 5, 6]]);
  });
});

describe('vem: crafted rankings', () => {
  it('equals rank reversal when every edge is vulnerable (3 clients x 5 edges, by hand)', () => {
    // u = 6, m = 3: estimate = 3/3 x own sums (max 11), bound 3 x 4 = 12 covers all edges; each
    // client reverses all its positions along the attackers' Borda order: [4,3,2,0,1].
    const out = createVem({ maxVulnerable: Infinity }).craft(ctxOf(OWN, 3, [5], { clientsInRound: 6, maskRule: 'top-rank', keep: 0.4 }));
    for (const client of out) expect(arr(client[0])).toEqual([4, 3, 2, 0, 1]);
    expect(
      arr(
        reversedBordaRanking(
          OWN.map((c) => c[0]),
          5,
        ),
      ),
    ).toEqual([4, 3, 2, 0, 1]);
  });

  it('swaps positions within a capped band (by hand)', () => {
    // top-rank, keep 0.4: boundary p = floor(0.6 x 5) = 3; cap 2: sorted indices [2, 4) of the
    // order [1,0,2,3,4] -> edges 2 (sum 4) then 3 (sum 10). Edge 2 takes the larger of the
    // client's two positions of {2, 3}, edge 3 the smaller:
    // c0 [0,1,2,3,4] -> [0,1,3,2,4]; c1 [1,0,2,4,3] -> [1,0,3,4,2]; c2 [2,1,0,3,4] -> [3,1,0,2,4].
    const out = createVem({ maxVulnerable: 2 }).craft(ctxOf(OWN, 3, [5], { clientsInRound: 6, maskRule: 'top-rank', keep: 0.4 }));
    expect(out.map((c) => arr(c[0]))).toEqual([
      [0, 1, 3, 2, 4],
      [1, 0, 3, 4, 2],
      [3, 1, 0, 2, 4],
    ]);
  });

  it("with 'top-k' uses the paper's single boundary floor((1-k)n) whatever the mask rule", () => {
    const a = createVem({ maxVulnerable: 2, boundaries: 'top-k' }).craft(ctxOf(OWN, 3, [5], { clientsInRound: 6, keep: 0.4 }));
    const b = createVem({ maxVulnerable: 2 }).craft(ctxOf(OWN, 3, [5], { clientsInRound: 6, maskRule: 'top-rank', keep: 0.4 }));
    expect(a.map((c) => arr(c[0]))).toEqual(b.map((c) => arr(c[0])));
  });

  it('is the exact maximizer of || R_V - sum_c P_c v_c ||_2 (brute force over all permutations)', () => {
    const rng = new Rng(11);
    const n = 7;
    for (let trial = 0; trial < 5; trial++) {
      const own = [[rng.permutation(n)], [rng.permutation(n)]];
      const sums = new Float64Array(n);
      for (const c of own) inversePermutation(c[0]).forEach((p, e) => (sums[e] += p));
      const [band] = vulnerableBands(sums, 0, [3], 2, 4);
      expect(band.length).toBe(4);
      const R = Array.from(band, (e) => sums[e]);
      const values = own.map((c) => Array.from(band, (e) => inversePermutation(c[0])[e]));
      const objective = (vs: number[][]) => Math.hypot(...R.map((r, t) => r - vs.reduce((s, v) => s + v[t], 0)));
      const perms = permutations([0, 1, 2, 3]);
      let best = -1;
      for (const p of perms)
        for (const q of perms) best = Math.max(best, objective([p.map((i) => values[0][i]), q.map((i) => values[1][i])]));
      const crafted = own.map((c) => inversePermutation(manipulateRanking(c[0], [band])));
      const got = objective(crafted.map((inv) => Array.from(band, (e) => inv[e])));
      expect(got).toBeCloseTo(best, 9);
      // Outside the band nothing moves.
      own.forEach((c, k) => {
        const inv = inversePermutation(c[0]);
        for (let e = 0; e < n; e++) if (!band.includes(e)) expect(crafted[k][e]).toBe(inv[e]);
      });
    }
  });

  it('full knowledge orders the band by the benign sums', () => {
    // Benign [4,3,2,1,0] twice: sums e0 8, e1 6, e2 4, e3 2, e4 0; order [4,3,2,1,0]. top-rank,
    // keep 0.4: boundary 3; cap 2: sorted indices [2,4) -> edges 2 (R 4) then 1 (R 6).
    // Client [0,1,2,3,4]: edges 2, 1 sit at 2, 1; edge 2 (smaller R) takes the larger, 2: unchanged.
    // Client [2,1,0,3,4]: edges 2, 1 sit at 0, 1; edge 2 takes 1, edge 1 takes 0: [1,2,0,3,4].
    // (Partial knowledge would order them by the attackers' own sums instead.)
    const benign = [[u32([4, 3, 2, 1, 0])], [u32([4, 3, 2, 1, 0])]];
    const out = createVem({ knowledge: 'full', maxVulnerable: 2 }).craft(
      ctxOf([[u32([0, 1, 2, 3, 4])], [u32([2, 1, 0, 3, 4])]], 2, [5], { benign, maskRule: 'top-rank', keep: 0.4 }),
    );
    expect(out.map((c) => arr(c[0]))).toEqual([
      [0, 1, 2, 3, 4],
      [1, 2, 0, 3, 4],
    ]);
  });

  it('returns valid permutations, deterministically, on random inputs (both rules, both knowledges)', () => {
    const rng = new Rng(2);
    const sizes = [1, 9, 3000];
    const own = Array.from({ length: 3 }, () => sizes.map((n) => rng.permutation(n)));
    const benign = Array.from({ length: 12 }, () => sizes.map((n) => rng.permutation(n)));
    for (const knowledge of ['partial', 'full'] as const) {
      for (const maskRule of ['reference', 'top-rank'] as const) {
        const ctx = ctxOf(own, 5, sizes, { benign, maskRule, clientsInRound: 17 });
        const a = createVem({ knowledge, maxVulnerable: 500 }).craft(ctx);
        const b = createVem({ knowledge, maxVulnerable: 500 }).craft(ctx);
        expect(a).toHaveLength(5);
        for (const client of a) client.forEach((r, l) => expect(validatePermutation(r, sizes[l])).toBeNull());
        expect(a.map((c) => c.map(arr))).toEqual(b.map((c) => c.map(arr)));
        // Clients beyond the pool reuse the pool's rankings in turn.
        expect(a[3].map(arr)).toEqual(a[0].map(arr));
      }
    }
  });

  it("with submit 'positions' sends the inverse of the crafted ranking (the authors' code)", () => {
    const ctx = ctxOf(OWN, 3, [5], { clientsInRound: 6, maskRule: 'top-rank', keep: 0.4 });
    const rankings = createVem({ maxVulnerable: 2 }).craft(ctx);
    const positions = createVem({ maxVulnerable: 2, submit: 'positions' }).craft(ctx);
    positions.forEach((c, k) => expect(arr(c[0])).toEqual(arr(inversePermutation(rankings[k][0]))));
  });

  it('rejects bad parameters and missing knowledge', () => {
    expect(() => new VemAttack({ submit: 'bytes' as never })).toThrow(AttackError);
    expect(() => new VemAttack({ maxVulnerable: 0 })).toThrow(AttackError);
    expect(() => new VemAttack({ maxVulnerable: 2.5 })).toThrow(AttackError);
    expect(() => new VemAttack({ knowledge: 'total' as never })).toThrow(AttackError);
    expect(() => new VemAttack({ boundaries: 'middle' as never })).toThrow(AttackError);
    expect(() => createVem({ knowledge: 'full' }).craft(ctxOf(OWN, 1, [5]))).toThrow(/benign/);
    expect(() => createVem().craft(ctxOf(OWN, 1, [5]))).toThrow(/clientsInRound/);
    expect(() => createVem().craft(ctxOf([], 1, [5], { clientsInRound: 4 }))).toThrow(AttackError);
    expect(createVem().craft(ctxOf(OWN, 0, [5]))).toEqual([]);
  });
});

function permutations(xs: number[]): number[][] {
  if (xs.length <= 1) return [xs];
  const out: number[][] = [];
  xs.forEach((x, i) => {
    for (const rest of permutations([...xs.slice(0, i), ...xs.slice(i + 1)])) out.push([x, ...rest]);
  });
  return out;
}
