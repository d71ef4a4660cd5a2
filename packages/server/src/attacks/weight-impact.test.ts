/**
 * Every weight attack moves its target aggregate further from the benign mean than the benign
 * updates alone do. Scenario: 10 benign updates B (heterogeneous: a common direction plus
 * per-client noise). Clean round: the rule aggregates B. Attacked round: clients 8 and 9 are
 * malicious (their honest updates B[8], B[9] are the attackers' own), the rule aggregates
 * B[0..7] and the 2 crafted updates. Distances are to mean(B), the update an honest round wants.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '@fedrank/random';
import {
  createAggregator,
  type AggregationContext,
  type SelectingWeightAggregator,
  type WeightAggregator,
  type WeightAggregatorKind,
} from '../aggregators/index.js';
import type { WeightAttack, WeightAttackContext } from './types.js';
import { scalingAttack } from './scaling.js';
import { signFlipAttack } from './sign-flip.js';
import { gaussianAttack } from './gaussian.js';
import { lieAttack } from './lie.js';
import { ipmAttack } from './ipm.js';
import { fangAttack } from './fang.js';
import { minMaxAttack } from './min-max.js';
import { minSumAttack } from './min-sum.js';
import { agrTailoredAttack } from './agr-tailored.js';

const DIM = 300;
const N = 10;
const COUNT = 2;
const F = 2;

/**
 * Noise-dominated updates (per-client spread larger than the common direction), as weight deltas of
 * non-IID clients are. Fang's Krum attack needs this: when the benign updates hug their mean, no
 * crafted -lambda * s is ever Krum's pick and the attack gives up (lambda ~ 0).
 */
const SIGNAL = 0.2;
const NOISE = 0.5;
/** N + POOL_EXTRA updates: the first N are the round's clients, the attackers' pool is B[8..]. */
const POOL_EXTRA = 6;
function benignUpdates(seed: number): Float32Array[] {
  const rng = new Rng(seed);
  const direction = Float32Array.from({ length: DIM }, () => SIGNAL * rng.normal());
  return Array.from({ length: N + POOL_EXTRA }, () => Float32Array.from(direction, (d) => d + NOISE * rng.normal()));
}

function meanOf(us: readonly Float32Array[]): Float64Array {
  const out = new Float64Array(us[0].length);
  for (const u of us) for (let j = 0; j < out.length; j++) out[j] += u[j];
  for (let j = 0; j < out.length; j++) out[j] /= us.length;
  return out;
}

function distance(x: Float32Array, y: Float64Array): number {
  let s = 0;
  for (let j = 0; j < y.length; j++) s += (x[j] - y[j]) ** 2;
  return Math.sqrt(s);
}

interface Case {
  attack: WeightAttack;
  rule: WeightAggregatorKind;
  seesBenign: boolean;
  knowsAggregator: boolean;
}

function run(c: Case, seed = 1): { clean: number; attacked: number; malicious: Float32Array[] } {
  const all = benignUpdates(100 + seed);
  const B = all.slice(0, N);
  const honest = B.slice(0, N - COUNT);
  const rule = createAggregator({ kind: c.rule }) as WeightAggregator;
  const aggCtx: AggregationContext = { f: F, round: 0, rng: new Rng(9) };
  const selecting = 'select' in rule ? (rule as SelectingWeightAggregator) : undefined;
  const ctx: WeightAttackContext = {
    round: 0,
    rng: new Rng(seed),
    own: all.slice(N - COUNT),
    benign: c.seesBenign ? honest : undefined,
    global: Float32Array.from({ length: DIM }, (_, j) => Math.sin(j) * 0.1),
    count: COUNT,
    clientsInRound: N,
    f: F,
    aggregatorName: c.knowsAggregator ? c.rule : undefined,
    aggregate: c.knowsAggregator ? (u) => rule.aggregate(u, aggCtx) : undefined,
    selected: c.knowsAggregator && selecting ? (u) => selecting.select(u, aggCtx) : undefined,
  };
  const malicious = c.attack.craft(ctx);
  expect(malicious).toHaveLength(COUNT);
  for (const m of malicious) expect(m).toHaveLength(DIM);
  const target = meanOf(B);
  const clean = distance(rule.aggregate(B, aggCtx), target);
  const attacked = distance(rule.aggregate([...honest, ...malicious], aggCtx), target);
  return { clean, attacked, malicious };
}

const cases: [string, Case][] = [
  ['scaling vs fedavg', { attack: scalingAttack(), rule: 'fedavg', seesBenign: false, knowsAggregator: false }],
  ['sign-flip vs fedavg', { attack: signFlipAttack(), rule: 'fedavg', seesBenign: false, knowsAggregator: false }],
  ['gaussian vs fedavg', { attack: gaussianAttack(), rule: 'fedavg', seesBenign: false, knowsAggregator: false }],
  ['lie vs median (own statistics)', { attack: lieAttack(), rule: 'median', seesBenign: false, knowsAggregator: false }],
  ['lie vs trimmed-mean (benign statistics)', { attack: lieAttack(), rule: 'trimmed-mean', seesBenign: true, knowsAggregator: false }],
  ['ipm vs fedavg', { attack: ipmAttack(), rule: 'fedavg', seesBenign: true, knowsAggregator: false }],
  ['ipm vs median', { attack: ipmAttack(), rule: 'median', seesBenign: true, knowsAggregator: false }],
  ['fang vs trimmed-mean (full knowledge)', { attack: fangAttack(), rule: 'trimmed-mean', seesBenign: true, knowsAggregator: true }],
  ['fang vs median (partial knowledge)', { attack: fangAttack(), rule: 'median', seesBenign: false, knowsAggregator: true }],
  ['fang vs krum (full knowledge)', { attack: fangAttack(), rule: 'krum', seesBenign: true, knowsAggregator: true }],
  [
    'fang vs krum (partial knowledge, simulated Krum)',
    { attack: fangAttack({ variant: 'krum' }), rule: 'krum', seesBenign: false, knowsAggregator: false },
  ],
  ['min-max vs trimmed-mean', { attack: minMaxAttack(), rule: 'trimmed-mean', seesBenign: true, knowsAggregator: false }],
  ['min-max vs multi-krum', { attack: minMaxAttack(), rule: 'multi-krum', seesBenign: true, knowsAggregator: false }],
  ['min-sum vs trimmed-mean', { attack: minSumAttack(), rule: 'trimmed-mean', seesBenign: true, knowsAggregator: false }],
  ['min-sum vs multi-krum', { attack: minSumAttack(), rule: 'multi-krum', seesBenign: true, knowsAggregator: false }],
  [
    'agr-tailored vs trimmed-mean (own statistics, as the reference)',
    { attack: agrTailoredAttack(), rule: 'trimmed-mean', seesBenign: false, knowsAggregator: true },
  ],
  [
    'agr-tailored vs multi-krum (benign statistics)',
    { attack: agrTailoredAttack(), rule: 'multi-krum', seesBenign: true, knowsAggregator: true },
  ],
];

// Not listed: agr-tailored vs multi-krum with the attackers' own statistics (the reference's threat
// model). Its search stops at the largest lambda at which Multi-Krum still selects the copies among
// the attackers' own pool; in the real round, among other benign updates, the copies then sit on
// the selection boundary and are often just outside it, and the round aggregates benign updates
// only. The 'own statistics' test below checks the search, not the impact.
describe('weight attacks move their target aggregate away from the benign mean', () => {
  for (const [name, c] of cases) {
    it(name, () => {
      for (const seed of [1, 2, 3]) {
        const { clean, attacked } = run(c, seed);
        expect(attacked, `seed ${seed}: attacked ${attacked} vs clean ${clean}`).toBeGreaterThan(clean);
      }
    });
  }
});

describe('weight attacks are deterministic per seed', () => {
  for (const [name, c] of cases) {
    it(name, () => {
      const a = run(c, 5).malicious;
      const b = run(c, 5).malicious;
      expect(a.map((x) => [...x])).toEqual(b.map((x) => [...x]));
    });
  }

  it('agr-tailored vs multi-krum with own statistics: the copies are selected among the own pool', () => {
    const all = benignUpdates(101);
    const own = all.slice(N - COUNT);
    const rule = createAggregator({ kind: 'multi-krum' }) as SelectingWeightAggregator;
    const aggCtx: AggregationContext = { f: F, round: 0, rng: new Rng(9) };
    const mal = agrTailoredAttack().craft({
      round: 0,
      rng: new Rng(1),
      own,
      global: new Float32Array(DIM),
      count: COUNT,
      clientsInRound: N,
      f: F,
      aggregatorName: 'multi-krum',
      aggregate: (u) => rule.aggregate(u, aggCtx),
    });
    const chosen = rule.select([...mal, ...own], aggCtx);
    expect(chosen).toContain(0);
    expect(chosen).toContain(1);
    // and the attack did move: the copies are not the pool mean
    const mean = meanOf(own);
    expect(distance(mal[0], mean)).toBeGreaterThan(1);
  });

  it('the random ones (gaussian, fang on trimmed mean) change with the seed', () => {
    for (const attack of [gaussianAttack(), fangAttack({ variant: 'trimmed-mean' })]) {
      const c: Case = { attack, rule: 'median', seesBenign: true, knowsAggregator: false };
      const a = run(c, 5).malicious;
      // run() seeds the benign updates with the seed too: keep them, vary only ctx.rng
      const B = benignUpdates(105);
      const ctx: WeightAttackContext = {
        round: 0,
        rng: new Rng(6),
        own: B.slice(N - COUNT),
        benign: B.slice(0, N - COUNT),
        global: new Float32Array(DIM),
        count: COUNT,
        clientsInRound: N,
        f: F,
      };
      const b = attack.craft(ctx);
      expect(a.map((x) => [...x])).not.toEqual(b.map((x) => [...x]));
    }
  });
});
