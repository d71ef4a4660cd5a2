import { describe, expect, it } from 'vitest';
import { Rng } from '@fedrank/random';
import {
  AGGREGATOR_KINDS,
  AggregatorError,
  CenteredClipping,
  RANKING_AGGREGATOR_KINDS,
  WEIGHT_AGGREGATOR_KINDS,
  aggregatorConsumes,
  aggregatorReducible,
  createAggregator,
  isSelectingAggregator,
  type AggregationContext,
  type AggregatorSpec,
  type WeightAggregator,
  type WeightAggregatorKind,
} from './index.js';

const ctx = (f = 0): AggregationContext => ({ f, round: 0, rng: new Rng(7) });
const u = (...xs: number[]): Float32Array => Float32Array.from(xs);

function weightRule(spec: AggregatorSpec): WeightAggregator {
  const rule = createAggregator(spec);
  if (rule.consumes !== 'weights') throw new Error(`${spec.kind} is not a weight rule`);
  return rule;
}

function fieldOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof AggregatorError) return e.field;
    throw e;
  }
  return undefined;
}

describe('createAggregator', () => {
  it('builds every kind with its declared consumes/reducible', () => {
    // The registry may grow (one line per rule); these are the rules every config may rely on.
    expect(AGGREGATOR_KINDS).toEqual(
      expect.arrayContaining([
        'frl-vote',
        'fedavg',
        'median',
        'trimmed-mean',
        'krum',
        'multi-krum',
        'bulyan',
        'centered-clipping',
        'geometric-median',
        'signsgd-mv',
        'uniform-phantom',
      ]),
    );
    for (const kind of AGGREGATOR_KINDS) {
      const rule = createAggregator({ kind });
      expect(rule.name).toBe(kind);
      expect(rule.consumes).toBe(aggregatorConsumes(kind));
      expect(rule.reducible).toBe(aggregatorReducible(kind));
    }
    expect(RANKING_AGGREGATOR_KINDS).toEqual(['frl-vote']);
    expect(AGGREGATOR_KINDS.filter((kind) => isSelectingAggregator(createAggregator({ kind })))).toEqual(['krum', 'multi-krum', 'bulyan']);
    expect(WEIGHT_AGGREGATOR_KINDS.filter((k) => aggregatorReducible(k))).toEqual(['fedavg', 'signsgd-mv']);
  });

  it('passes parameters through', () => {
    // trimmed mean with beta = 1 on 1..5 and an outlier
    expect(Array.from(weightRule({ kind: 'trimmed-mean', beta: 1 }).aggregate([u(1), u(2), u(3), u(4), u(100)], ctx()))).toEqual([3]);
    // multi-krum m = 1 is krum; fixed f = 0 ignores the round's f = 5
    const pts = [u(0, 0), u(2, 0), u(0, 1), u(1, 1), u(10, 10)];
    expect(Array.from(weightRule({ kind: 'multi-krum', m: 1, f: 0 }).aggregate(pts, ctx(5)))).toEqual([1, 1]);
    const cc = weightRule({ kind: 'centered-clipping', tau: 0.5, iterations: 2 });
    expect(Array.from(cc.aggregate([u(0), u(2)], ctx()))).toEqual([0.375]);
    expect(cc).toBeInstanceOf(CenteredClipping);
    const up = weightRule({ kind: 'uniform-phantom', range: { lo: 0, hi: 1 } });
    expect(up.aggregate([u(0.1), u(0.2), u(0.9)], ctx())[0]).toBeCloseTo(1 / 3, 6);
  });

  it('rejects bad parameters naming the field', () => {
    expect(fieldOf(() => createAggregator({ kind: 'nope' as WeightAggregatorKind }))).toBe('aggregator.kind');
    expect(fieldOf(() => createAggregator({ kind: 'multi-krum', m: 0 }))).toBe('aggregator.m');
    expect(fieldOf(() => createAggregator({ kind: 'multi-krum', m: 2.5 }))).toBe('aggregator.m');
    expect(fieldOf(() => createAggregator({ kind: 'multi-krum', m: 3, variant: 'reference' }))).toBe('aggregator.m');
    expect(fieldOf(() => createAggregator({ kind: 'krum', f: -1 }))).toBe('aggregator.f');
    expect(fieldOf(() => createAggregator({ kind: 'median', f: 0.5 }))).toBe('aggregator.f');
    expect(fieldOf(() => createAggregator({ kind: 'trimmed-mean', beta: -1 }))).toBe('aggregator.beta');
    expect(fieldOf(() => createAggregator({ kind: 'median', beta: 1 }))).toBe('aggregator.beta');
    expect(fieldOf(() => createAggregator({ kind: 'fedavg', tau: 1 }))).toBe('aggregator.tau');
    expect(fieldOf(() => createAggregator({ kind: 'centered-clipping', tau: 0 }))).toBe('aggregator.tau');
    expect(fieldOf(() => createAggregator({ kind: 'centered-clipping', iterations: 0 }))).toBe('aggregator.iterations');
    expect(fieldOf(() => createAggregator({ kind: 'geometric-median', eps: -1 }))).toBe('aggregator.eps');
    expect(fieldOf(() => createAggregator({ kind: 'geometric-median', tolerance: NaN }))).toBe('aggregator.tolerance');
    expect(fieldOf(() => createAggregator({ kind: 'geometric-median', init: 'origin' as 'zero' }))).toBe('aggregator.init');
    expect(fieldOf(() => createAggregator({ kind: 'uniform-phantom', range: { lo: 2, hi: 1 } }))).toBe('aggregator.range');
    expect(fieldOf(() => createAggregator({ kind: 'krum', variant: 'paper' as 'standard' }))).toBe('aggregator.variant');
    expect(fieldOf(() => createAggregator({ kind: 'bulyan', variant: 'reference' }))).toBe('aggregator.variant');
    const e = (() => {
      try {
        createAggregator({ kind: 'multi-krum', m: 0 });
      } catch (err) {
        return err as AggregatorError;
      }
      return undefined;
    })();
    expect(e?.message).toBe('aggregator.m: must be an integer >= 1, got 0');
    expect(e?.exitCode).toBe(2);
  });

  it('checks the round size at aggregate time (the round loop decides what to do)', () => {
    const four = [u(0), u(1), u(2), u(3)];
    expect(fieldOf(() => weightRule({ kind: 'krum' }).aggregate(four, ctx(1)))).toBe('aggregator.f');
    expect(fieldOf(() => weightRule({ kind: 'multi-krum' }).aggregate(four, ctx(1)))).toBe('aggregator.f');
    expect(fieldOf(() => weightRule({ kind: 'bulyan' }).aggregate(four, ctx(1)))).toBe('aggregator.f');
    expect(fieldOf(() => weightRule({ kind: 'trimmed-mean' }).aggregate(four, ctx(2)))).toBe('aggregator.f');
    expect(fieldOf(() => weightRule({ kind: 'trimmed-mean', beta: 2 }).aggregate(four, ctx(0)))).toBe('aggregator.beta');
    expect(fieldOf(() => weightRule({ kind: 'multi-krum', m: 9 }).aggregate([...four, u(4), u(5)], ctx(1)))).toBe('aggregator.m');
  });
});

describe('every weight rule', () => {
  it('returns the right length and no NaN on random inputs', () => {
    const rng = new Rng(11);
    for (const kind of WEIGHT_AGGREGATOR_KINDS) {
      for (const [n, dim, f] of [
        [7, 5, 1],
        [11, 37, 2],
        [25, 64, 3],
      ] as const) {
        const updates = Array.from({ length: n }, () => {
          const x = new Float32Array(dim);
          for (let j = 0; j < dim; j++) x[j] = rng.normal(0, 1) * (rng.float() < 0.1 ? 1e3 : 1);
          return x;
        });
        const y = weightRule({ kind }).aggregate(updates, ctx(f));
        expect(y, kind).toBeInstanceOf(Float32Array);
        expect(y.length, kind).toBe(dim);
        expect(
          y.every((v) => Number.isFinite(v)),
          kind,
        ).toBe(true);
      }
    }
  });

  it('does not modify its input', () => {
    for (const kind of WEIGHT_AGGREGATOR_KINDS) {
      const updates = [u(1, 2), u(3, -1), u(0, 0), u(5, 5), u(-2, 1), u(2, 2), u(1, 1)];
      const before = updates.map((x) => Array.from(x));
      weightRule({ kind }).aggregate(updates, ctx(1));
      expect(
        updates.map((x) => Array.from(x)),
        kind,
      ).toEqual(before);
    }
  });
});

describe('robustness to one outlier (n = 7, f = 1)', () => {
  // six honest updates around (1, 1, 1), one attacker at (100, -100, 50)
  const honest = [u(1, 1, 1), u(1.25, 0.75, 1), u(0.75, 1.25, 1), u(1, 1.5, 0.75), u(1, 0.5, 1.25), u(1.5, 1, 1)];
  const attacked = [...honest, u(100, -100, 50)];
  const center = [1.0833333, 1, 1]; // the honest mean
  const dist = (y: Float32Array): number => Math.hypot(y[0] - center[0], y[1] - center[1], y[2] - center[2]);

  it('fedavg follows the outlier', () => {
    expect(dist(weightRule({ kind: 'fedavg' }).aggregate(attacked, ctx(1)))).toBeGreaterThan(10);
  });

  const robust: AggregatorSpec[] = [
    { kind: 'median' },
    { kind: 'trimmed-mean' },
    { kind: 'krum' },
    { kind: 'multi-krum' },
    { kind: 'multi-krum', variant: 'reference' },
    { kind: 'bulyan' },
    { kind: 'geometric-median' },
    { kind: 'centered-clipping', tau: 1, iterations: 5 },
    { kind: 'uniform-phantom', range: { lo: -2, hi: 2 } },
  ];
  for (const spec of robust) {
    it(`${spec.kind}${spec.variant ? ` (${spec.variant})` : ''} stays near the honest mean`, () => {
      expect(dist(weightRule(spec).aggregate(attacked, ctx(1)))).toBeLessThan(0.6);
    });
  }
});
