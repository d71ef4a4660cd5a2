/**
 * Hand-computed examples for the attacks with a search or a tailored construction: fang, min-max,
 * min-sum, agr-tailored.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '@fedrank/random';
import { createAggregator, type AggregationContext, type SelectingWeightAggregator } from '../aggregators/index.js';
import { AttackError, type WeightAttackContext } from './types.js';
import { fangAttack, fangKrumLambdaBound } from './fang.js';
import { minMaxAttack } from './min-max.js';
import { minSumAttack } from './min-sum.js';
import { agrTailoredAttack } from './agr-tailored.js';
import { alongLine, lineGeometry } from './line-geometry.js';
import { coordinateMeanStd } from './coordinate-stats.js';
import { halvingSearch } from './halving-search.js';
import { pairwiseSquaredDistances } from '../aggregators/common.js';

const f32 = (...v: number[]): Float32Array => Float32Array.from(v);
const rows = (xs: Float32Array[]): number[][] => xs.map((x) => [...x]);

function ctx(over: Partial<WeightAttackContext> = {}): WeightAttackContext {
  return {
    round: 0,
    rng: new Rng(11),
    own: [f32(1, 2), f32(3, 2), f32(2, 5)],
    benign: [f32(1, 2), f32(3, 2), f32(2, 5)],
    global: f32(0, 0),
    count: 2,
    clientsInRound: 5,
    f: 1,
    ...over,
  };
}

describe('fang on trimmed mean / median', () => {
  const benign = [f32(1, -2), f32(3, -4), f32(2, -6)]; // mean (2, -4), min (1, -6), max (3, -2)

  it('full knowledge: below w_min where the mean rises, above w_max where it falls (b = 2)', () => {
    const out = fangAttack({ variant: 'trimmed-mean' }).craft(ctx({ benign, rng: new Rng(5) }));
    const r = new Rng(5);
    const expected = [0, 1].map(() => {
      const u0 = r.float();
      const u1 = r.float();
      // coordinate 0: w_min = 1 > 0 -> [1/2, 1]; coordinate 1: w_max = -2 <= 0 -> [-2, -2/2]
      return [Math.fround(0.5 + u0 * 0.5), Math.fround(-2 + u1 * 1)];
    });
    expect(rows(out)).toEqual(expected);
  });

  it('partial knowledge: mean -/+ [3, 4] std of the own updates', () => {
    // own = benign above: std (1, 2)
    const out = fangAttack({ variant: 'trimmed-mean' }).craft(ctx({ benign: undefined, own: benign, rng: new Rng(6) }));
    const r = new Rng(6);
    const expected = [0, 1].map(() => {
      const u0 = 3 + r.float();
      const u1 = 3 + r.float();
      return [Math.fround(2 - u0 * 1), Math.fround(-4 + u1 * 2)];
    });
    expect(rows(out)).toEqual(expected);
    for (const x of out) {
      expect(x[0]).toBeLessThanOrEqual(-1);
      expect(x[1]).toBeGreaterThanOrEqual(2);
    }
  });

  it('full knowledge requested without benign updates is a threat-model error', () => {
    expect(() => fangAttack({ knowledge: 'full' }).craft(ctx({ benign: undefined }))).toThrow(AttackError);
  });
});

describe('fang on krum', () => {
  // Pool on a line: (1, 0), (3, 0), (2, 0); sign of the mean s = (1, 0); m = 5 clients, c = 2.
  const pool = [f32(1, 0), f32(3, 0), f32(2, 0)];

  it("Fang's lambda bound", () => {
    // m - c - 2 = 1 nearest: min over i of its nearest distance = 1; m - 2c - 1 = 0 -> clamped to 1;
    // max ||b_i|| = 3: lambda = (1 / 1 + 3) / sqrt(2).
    expect(fangKrumLambdaBound(pool, pairwiseSquaredDistances(pool), 5, 2)).toBeCloseTo(4 / Math.SQRT2, 12);
    // The squared norms lineGeometry sums from the origin 0 (natively at this length) are the bound's own, bit for bit.
    const big = Array.from({ length: 6 }, (_, i) => Float32Array.from({ length: 5000 }, (_, j) => Math.sin(i * 31 + j) * 1e-2));
    const dist = pairwiseSquaredDistances(big);
    const norms = lineGeometry(big, new Float64Array(5000), new Float64Array(5000).fill(1)).a;
    expect(fangKrumLambdaBound(big, dist, 8, 1, norms)).toBe(fangKrumLambdaBound(big, dist, 8, 1));
  });

  it('halves lambda until Krum (f = 1) picks the crafted update: 2 sqrt 2 / 8', () => {
    // lambda = 2.83, 1.41, 0.71: Krum picks (2, 0) (score 2); at 0.354 the copies score 1.83 < 2.
    const expected = [(-2 * Math.SQRT2) / 8, 0];
    const simulated = fangAttack().craft(ctx({ benign: pool, aggregatorName: 'krum' }));
    expect(simulated).toHaveLength(2);
    expect(simulated[0][0]).toBeCloseTo(expected[0], 6);
    expect(simulated[0][1]).toBe(0);
    const krum = createAggregator({ kind: 'krum' }) as SelectingWeightAggregator;
    const aggCtx: AggregationContext = { f: 1, round: 0, rng: new Rng(1) };
    const hooked = fangAttack().craft(ctx({ benign: pool, aggregatorName: 'krum', selected: (u) => krum.select(u, aggCtx) }));
    expect(rows(hooked)).toEqual(rows(simulated));
    expect(krum.select([...hooked, ...pool], aggCtx)[0]).toBeLessThan(2);
  });
});

describe('fang on krum with a rule that disagrees with the simulation', () => {
  it("walks the halving steps with the rule's own selection", () => {
    // Pool and steps of the hand example above (2.83, 1.41, 0.71, 0.35, ...; simulated Krum picks
    // 0.35). Synthetic rule: the copies are selected iff |x_0| <= 1, i.e. from step 0.71 on.
    const pool = [f32(1, 0), f32(3, 0), f32(2, 0)];
    let calls = 0;
    const selected = (u: readonly Float32Array[]): number[] => {
      calls++;
      return Math.abs(u[0][0]) <= 1 ? [0] : [2];
    };
    const out = fangAttack().craft(ctx({ benign: pool, aggregatorName: 'krum', selected }));
    expect(calls).toBeGreaterThan(2);
    expect(out[0][0]).toBeCloseTo((-2 * Math.SQRT2) / 4, 6);
  });
});

describe('min-max', () => {
  it('largest gamma with max_i ||m - b_i||^2 <= max pairwise (std direction): (3 - sqrt 3) / 2', () => {
    // mean (2, 3), p = (1, sqrt 3); pairwise max 10; the binding distance is to b3 = (2, 5):
    // 4 gamma^2 + 4 sqrt(3) gamma + 4 = 10.
    const out = minMaxAttack().craft(ctx());
    const gamma = (3 - Math.sqrt(3)) / 2;
    expect(out).toHaveLength(2);
    expect(out[0][0]).toBeCloseTo(2 - gamma, 4);
    expect(out[0][1]).toBeCloseTo(3 - gamma * Math.sqrt(3), 4);
    const d3 = (out[0][0] - 2) ** 2 + (out[0][1] - 5) ** 2;
    expect(d3).toBeLessThanOrEqual(10 + 1e-5);
  });

  it('unit-vector direction: mean - gamma * mean/||mean||', () => {
    // p = (2, 3)/sqrt 13; the farthest benign update along -p is b3; solve ||(2,3) - g p - (2,5)||^2 = 10.
    const out = minMaxAttack({ deviation: 'unit-vec' }).craft(ctx());
    const p = [2 / Math.sqrt(13), 3 / Math.sqrt(13)];
    // (g p0)^2 + (-2 - g p1)^2 = 10 -> g^2 + 4 g p1 + 4 - 10 = 0
    const g = (-4 * p[1] + Math.sqrt(16 * p[1] * p[1] + 24)) / 2;
    expect(out[0][0]).toBeCloseTo(2 - g * p[0], 4);
    expect(out[0][1]).toBeCloseTo(3 - g * p[1], 4);
  });
});

describe('min-sum', () => {
  it('sum of squared distances 8 + 12 gamma^2 bounded by the smallest benign sum 14: gamma = sqrt(1/2)', () => {
    const out = minSumAttack().craft(ctx());
    const g = Math.sqrt(0.5);
    expect(out[0][0]).toBeCloseTo(2 - g, 4);
    expect(out[0][1]).toBeCloseTo(3 - g * Math.sqrt(3), 4);
  });

  it("sumBound 'max' (largest benign sum 20): gamma = 1", () => {
    const out = minSumAttack({ sumBound: 'max' }).craft(ctx());
    expect(out[0][0]).toBeCloseTo(1, 4);
    expect(out[0][1]).toBeCloseTo(3 - Math.sqrt(3), 4);
  });
});

describe('agr-tailored', () => {
  const mean1 = (us: readonly Float32Array[]): Float32Array => {
    const out = new Float32Array(us[0].length);
    for (const u of us) for (let j = 0; j < out.length; j++) out[j] += u[j] / us.length;
    return out;
  };

  it('distance criterion under the mean: every probe succeeds, lambda -> 2 * 5.0', () => {
    const out = agrTailoredAttack().craft(ctx({ aggregate: mean1, aggregatorName: 'fedavg' }));
    expect(out[0][0]).toBeCloseTo(2 - 10, 3);
    expect(out[0][1]).toBeCloseTo(3 - 10 * Math.sqrt(3), 3);
  });

  it("the reference's criterion: a probe succeeds only when the distance grew since the previous probe", () => {
    // 1-D pool (0, 1, 2): mean 1, std 1; one copy; median of 4 values. For lambda >= 1 the
    // median is 0.5 whatever lambda: the first probe (5) succeeds, every later one ties and fails.
    const median4 = (us: readonly Float32Array[]): Float32Array => {
      const v = us.map((u) => u[0]).sort((a, b) => a - b);
      return f32((v[1] + v[2]) / 2);
    };
    const pool = [f32(0), f32(1), f32(2)];
    const out = agrTailoredAttack().craft(ctx({ benign: pool, own: pool, count: 1, aggregate: median4, aggregatorName: 'median' }));
    expect(rows(out)).toEqual([[1 - 5]]);
  });

  it('selection criterion: the largest lambda at which every copy is selected', () => {
    // Synthetic rule: selects the copies iff they are within distance 1 of the mean; ||p|| = 2.
    const selected = (us: readonly Float32Array[]): number[] => {
      const d = Math.hypot(us[0][0] - 2, us[0][1] - 3);
      return d <= 1 ? [0, 1, 2] : [2, 3, 4];
    };
    const out = agrTailoredAttack().craft(ctx({ selected, aggregatorName: 'multi-krum' }));
    expect(out[0][0]).toBeCloseTo(2 - 0.5, 4);
    expect(out[0][1]).toBeCloseTo(3 - 0.5 * Math.sqrt(3), 4);
  });

  it("multi-krum: the simulation (ctx.aggregate only) agrees with the rule's own selection", () => {
    const rng = new Rng(4);
    const benign = Array.from({ length: 8 }, () => Float32Array.from({ length: 6 }, () => 1 + rng.normal()));
    const mk = createAggregator({ kind: 'multi-krum' }) as SelectingWeightAggregator;
    const aggCtx: AggregationContext = { f: 2, round: 0, rng: new Rng(1) };
    const base = { benign, own: benign.slice(0, 2), clientsInRound: 10, f: 2, aggregatorName: 'multi-krum' };
    const simulated = agrTailoredAttack().craft(ctx({ ...base, aggregate: (u) => mk.aggregate(u, aggCtx) }));
    const hooked = agrTailoredAttack().craft(ctx({ ...base, selected: (u) => mk.select(u, aggCtx) }));
    expect(rows(simulated)).toEqual(rows(hooked));
    const chosen = mk.select([...hooked, ...benign], aggCtx);
    expect(chosen).toContain(0);
    expect(chosen).toContain(1);
  });

  it("when the rule's selection disagrees with the simulation (the reference Multi-Krum), the rule decides", () => {
    const rng = new Rng(8);
    const benign = Array.from({ length: 12 }, () => Float32Array.from({ length: 20 }, () => 0.2 + rng.normal()));
    const mk = createAggregator({ kind: 'multi-krum', variant: 'reference' }) as SelectingWeightAggregator;
    const aggCtx: AggregationContext = { f: 2, round: 0, rng: new Rng(1) };
    let calls = 0;
    const selected = (u: readonly Float32Array[]): number[] => {
      calls++;
      return mk.select(u, aggCtx);
    };
    const out = agrTailoredAttack().craft(
      ctx({ benign, own: benign.slice(0, 3), clientsInRound: 14, f: 2, aggregatorName: 'multi-krum', selected }),
    );
    // Expected: the reference search driven by the rule alone.
    const { mean, std } = coordinateMeanStd(benign);
    const probe = (l: number): boolean => {
      const m = alongLine(mean, l, std);
      const chosen = selected([m, m, ...benign]);
      return chosen.includes(0) && chosen.includes(1);
    };
    expect(calls).toBeGreaterThan(2); // the simulated boundary was not confirmed: searched with the rule
    const lambda = halvingSearch(5, 1e-5, probe);
    expect(rows(out)).toEqual(rows([alongLine(mean, lambda, std), alongLine(mean, lambda, std)]));
  });

  it("against the built-in trimmed mean: the pool sorted once gives the rule's own search, without calling the rule", () => {
    const r = new Rng(3);
    // Coarse values: copies and pool values tie on many coordinates. 12 x 400 values reach the
    // native kernels where they are built.
    const pool = Array.from({ length: 12 }, () => Float32Array.from({ length: 400 }, () => Math.round(r.normal() * 8) / 8));
    const attack = agrTailoredAttack();
    for (const [count, f] of [
      [3, 3],
      [4, 2],
      [1, 0],
    ]) {
      const rule = createAggregator({ kind: 'trimmed-mean' });
      const aggCtx: AggregationContext = { f, round: 0, rng: new Rng(1) };
      let calls = 0;
      const aggregate = (u: readonly Float32Array[]): Float32Array => {
        calls++;
        return rule.consumes === 'weights' ? rule.aggregate(u, aggCtx) : new Float32Array(0);
      };
      const base = { own: pool, benign: undefined, count, f, aggregate, aggregatorName: 'trimmed-mean' };
      const probed = agrTailoredAttack().craft(ctx(base));
      const probes = calls;
      calls = 0;
      const sorted = attack.craft(ctx({ ...base, trimmedMeanDropped: f }));
      // Again with the same attack: the next round's preparation overwrites the arrays of this one.
      const again = attack.craft(ctx({ ...base, trimmedMeanDropped: f }));
      expect(probes).toBeGreaterThan(10);
      expect(calls).toBe(0);
      expect(rows(sorted)).toEqual(rows(probed));
      expect(rows(again)).toEqual(rows(probed));
    }
  });

  it('against a trimmed mean that rejects the probed round, the rule names the pool size', () => {
    const aggregate = (u: readonly Float32Array[]): Float32Array => {
      const rule = createAggregator({ kind: 'trimmed-mean' });
      return rule.consumes === 'weights' ? rule.aggregate(u, { f: 3, round: 0, rng: new Rng(1) }) : new Float32Array(0);
    };
    expect(() =>
      agrTailoredAttack().craft(
        ctx({ benign: undefined, count: 2, f: 3, aggregate, aggregatorName: 'trimmed-mean', trimmedMeanDropped: 3 }),
      ),
    ).toThrow(/attack.poolSize/);
  });

  it('without knowledge of the rule it is a threat-model error on attack.kind', () => {
    const err = (() => {
      try {
        agrTailoredAttack().craft(ctx({ aggregatorName: 'trimmed-mean' }));
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(err).toBeInstanceOf(AttackError);
    expect((err as AttackError).field).toBe('attack.kind');
    expect(() => agrTailoredAttack({ target: 'multi-krum' }).craft(ctx())).toThrow(/knowsAggregator/);
  });
});
