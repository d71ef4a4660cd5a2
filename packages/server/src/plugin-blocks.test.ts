import { describe, expect, it } from 'vitest';
import { createAggregator, type GeometricMedian } from './aggregators/index.js';
import { AGGREGATORS } from './aggregators/registry.js';
import { ATTACKS } from './attacks/registry.js';
import { CODECS } from './codecs/registry.js';
import { ConfigError, parseRunConfig } from './config.js';

const base = (extra: Record<string, unknown>) => ({
  data: { dataset: 'synthetic' },
  federation: { clients: 10, clientsPerRound: 5, rounds: 2 },
  model: { arch: 'mlp' },
  training: {},
  ...extra,
});

function errorOf(raw: unknown): ConfigError {
  try {
    parseRunConfig(raw, 'x.yaml');
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

describe('the aggregator and attack blocks derived from the registries', () => {
  it('lists every plugin once', () => {
    for (const list of [AGGREGATORS.map((d) => d.kind), ATTACKS.map((d) => d.kind), CODECS.map((d) => d.name)]) {
      expect(new Set(list).size).toBe(list.length);
    }
  });

  it('accepts each kind with its own keys, keeping what was given (defaults apply when the rule is built)', () => {
    const c = parseRunConfig(
      base({ aggregator: { kind: 'geometric-median', iterations: 5 }, attack: { kind: 'lie', fraction: 0.2, z: 1 } }),
    );
    expect(c.aggregator).toEqual({ kind: 'geometric-median', iterations: 5 });
    const rule = createAggregator(c.aggregator) as GeometricMedian;
    expect([rule.eps, rule.iterations, rule.tolerance, rule.init]).toEqual([1e-6, 5, 1e-6, 'mean']);
    expect(parseRunConfig(base({ aggregator: { kind: 'fedavg' }, attack: { kind: 'lie', z: 1 } })).attack).toEqual({
      kind: 'lie',
      fraction: 0,
      z: 1,
    });
    expect(c.attack).toEqual({ kind: 'lie', fraction: 0.2, z: 1 });
    expect(parseRunConfig(base({})).attack).toEqual({ kind: 'none', fraction: 0 });
    expect(parseRunConfig(base({ attack: { fraction: 0 } })).attack).toEqual({ kind: 'none', fraction: 0 });
  });

  it("rejects another kind's key, naming the key and the kind", () => {
    const e = errorOf(base({ aggregator: { kind: 'fedavg' }, attack: { kind: 'lie', fraction: 0.2, beta: 1 } }));
    expect(e.field).toBe('attack.beta');
    expect(e.message).toBe("x.yaml: attack.beta: unknown key for attack kind 'lie'");
    expect(errorOf(base({ aggregator: { kind: 'median', beta: 1 } })).message).toBe(
      "x.yaml: aggregator.beta: unknown key for aggregator kind 'median'",
    );
  });

  it('names the key of a bad value and of an unknown kind', () => {
    const sigma = errorOf(base({ aggregator: { kind: 'fedavg' }, attack: { kind: 'gaussian', fraction: 0.2, sigma: -1 } }));
    expect(sigma.field).toBe('attack.sigma');
    expect(sigma.message).toMatch(/> 0, got -1/);
    expect(errorOf(base({ aggregator: { kind: 'multi-krum', m: 0 } })).message).toBe(
      'x.yaml: aggregator.m: must be an integer >= 1, got 0',
    );
    expect(errorOf(base({ aggregator: { kind: 'krum', variant: 'paper' } })).message).toMatch(
      /aggregator\.variant: expected one of standard, reference/,
    );
    const kind = errorOf(base({ aggregator: { kind: 'nope' } }));
    expect(kind.field).toBe('aggregator.kind');
    expect(kind.message).toMatch(/unknown aggregator 'nope' \(one of frl-vote, fedavg/);
  });

  it('keeps the cross-field checks', () => {
    expect(errorOf(base({ aggregator: { kind: 'multi-krum', m: 3, variant: 'reference' } })).field).toBe('aggregator.m');
    const mismatch = errorOf(base({ aggregator: { kind: 'fedavg' }, attack: { kind: 'rank-reversal', fraction: 0.2 } }));
    expect(mismatch.message).toBe('x.yaml: attack.kind: rank-reversal attacks rankings (FRL), but aggregator.kind fedavg consumes weights');
    expect(
      errorOf(base({ aggregator: { kind: 'fedavg' }, attack: { kind: 'agr-tailored', fraction: 0.2, knowsAggregator: false } })).field,
    ).toBe('attack.knowsAggregator');
  });

  it('names a plugin module that was not loaded', () => {
    const e = errorOf(base({ aggregator: { module: '/nowhere/rule.mjs' } }));
    expect(e.field).toBe('aggregator.module');
    expect(e.message).toMatch(/not loaded/);
  });
});
