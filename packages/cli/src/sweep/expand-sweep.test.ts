import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRunConfig } from '@fedrank/server';
import { MatrixError } from '../bench/matrix-error.js';
import { runHash } from './config-hash.js';
import { expandSweep, loadSweep } from './expand-sweep.js';
import { parseSweep } from './sweep-file.js';

const base = {
  seed: 1,
  backend: 'wasm',
  data: { dataset: 'synthetic', partition: { kind: 'iid' } },
  federation: { clients: 8, clientsPerRound: 4, rounds: 2 },
  model: { arch: 'mlp', hidden: [16] },
  training: { localEpochs: 1 },
};

function expand(sweep: Record<string, unknown>) {
  return expandSweep(parseSweep({ base, ...sweep }, 's.yaml'), base, 's.yaml');
}

function error(f: () => unknown): MatrixError {
  try {
    f();
  } catch (e) {
    if (e instanceof MatrixError) return e;
    throw e;
  }
  throw new Error('expected a MatrixError');
}

describe('sweep expansion', () => {
  it('crosses grid points, zip positions and seeds, in that order (last fastest)', () => {
    const runs = expand({
      grid: { 'attack.fraction': [0, 0.25], 'training.lr': [0.4, 0.2] },
      zip: { 'aggregator.kind': ['frl-vote', 'frl-vote'], 'federation.rounds': [2, 3] },
      seeds: [1, 2],
    });
    expect(runs).toHaveLength(2 * 2 * 2 * 2);
    expect(runs.slice(0, 4).map((r) => r.values)).toEqual([
      { 'attack.fraction': 0, 'training.lr': 0.4, 'aggregator.kind': 'frl-vote', 'federation.rounds': 2, seed: 1 },
      { 'attack.fraction': 0, 'training.lr': 0.4, 'aggregator.kind': 'frl-vote', 'federation.rounds': 2, seed: 2 },
      { 'attack.fraction': 0, 'training.lr': 0.4, 'aggregator.kind': 'frl-vote', 'federation.rounds': 3, seed: 1 },
      { 'attack.fraction': 0, 'training.lr': 0.4, 'aggregator.kind': 'frl-vote', 'federation.rounds': 3, seed: 2 },
    ]);
    for (const r of runs) {
      expect(r.config.seed).toBe(r.values.seed);
      expect(r.config.federation.rounds).toBe(r.values['federation.rounds']);
      expect(r.config.attack.fraction).toBe(r.values['attack.fraction']);
      expect(r.hash).toBe(runHash(r.config));
      expect(r.hash).toMatch(/^[0-9a-f]{12}$/);
    }
    expect(new Set(runs.map((r) => r.hash)).size).toBe(runs.length);
  });

  it('sets shorter key paths first: a whole mapping, then a field inside it', () => {
    const runs = expand({
      grid: { 'attack.fraction': [0.25] },
      zip: { attack: [{ kind: 'rank-reversal' }, { kind: 'vem', submit: 'positions' }] },
    });
    expect(runs.map((r) => [r.config.attack.kind, r.config.attack.fraction, r.config.attack.submit])).toEqual([
      ['rank-reversal', 0.25, undefined],
      ['vem', 0.25, 'positions'],
    ]);
  });

  it('gives each run one training thread unless the sweep says otherwise, and merges runs with equal configs', () => {
    expect(expand({ seeds: [1] })[0].config.workers).toBe(1);
    expect(expand({ set: { workers: 2 }, seeds: [1] })[0].config.workers).toBe(2);
    // Two zip positions that give the same config are one run.
    expect(expand({ zip: { 'attack.kind': ['none', 'none'], 'attack.fraction': [0, 0] } }).length).toBe(1);
  });

  it('hashes the resolved config: key order does not matter, a resolved config hashes as itself, thread count does not count', () => {
    const [run] = expand({ seeds: [3] });
    const reordered = Object.fromEntries(Object.entries(JSON.parse(JSON.stringify(run.config)) as Record<string, unknown>).reverse());
    expect(runHash(parseRunConfig(reordered))).toBe(run.hash);
    expect(expand({ set: { workers: 2 }, seeds: [3] })[0].hash).toBe(run.hash);
    expect(expand({ seeds: [4] })[0].hash).not.toBe(run.hash);
  });

  it('names the axis key when the run config rejects what an axis sets', () => {
    expect(error(() => expand({ grid: { 'attack.fractoin': [0, 0.1] } })).message).toMatch(
      /^s\.yaml: grid\.attack\.fractoin: unknown key \(not a config field\)/,
    );
    expect(error(() => expand({ zip: { 'aggregator.kind': ['frl-vote', 'fedvag'] } })).field).toBe('zip.aggregator.kind');
    expect(error(() => expand({ grid: { model: [{ arch: 'mlp', hiden: [3] }] } })).message).toMatch(
      /^s\.yaml: grid\.model: model\.hiden: unknown key/,
    );
  });

  it('rejects a malformed sweep file with the field', () => {
    expect(error(() => parseSweep({ base, gird: {} }, 's.yaml')).message).toBe(
      's.yaml: gird: unknown key (expected base, set, grid, zip, seeds)',
    );
    expect(error(() => parseSweep({ base, zip: { a: [1, 2], b: [1] } }, 's.yaml')).message).toMatch(/^s\.yaml: zip\.b: expected 2 values/);
    expect(error(() => parseSweep({ base, grid: { seed: [1] }, seeds: [2] }, 's.yaml')).field).toBe('seeds');
    expect(error(() => parseSweep({ base, grid: { seed: [] } }, 's.yaml')).field).toBe('grid.seed');
    expect(error(() => parseSweep({ base, grid: { 'a..b': [1] } }, 's.yaml')).field).toBe('grid.a..b');
    expect(error(() => parseSweep({ grid: {} }, 's.yaml')).message).toMatch(/base: required/);
  });
});

describe('shipped sweeps', () => {
  const root = new URL('../../../../configs/sweeps/', import.meta.url).pathname;

  it('smoke.yaml: at least 6 small synthetic runs', () => {
    const s = loadSweep(join(root, 'smoke.yaml'));
    expect(s.runs.length).toBeGreaterThanOrEqual(6);
    for (const r of s.runs) {
      expect(r.config.data.dataset).toBe('synthetic');
      expect(r.config.federation.rounds).toBeLessThanOrEqual(5);
    }
  });

  it('frl-vs-agrs.yaml: each rule under its attack at 0, 10 and 20% on LeNet / Fashion-MNIST', () => {
    const s = loadSweep(join(root, 'frl-vs-agrs.yaml'));
    expect(s.runs.map((r) => `${r.config.aggregator.kind}/${r.config.attack.kind}/${r.config.attack.fraction}`).sort()).toEqual(
      ['frl-vote/rank-reversal', 'fedavg/scaling', 'trimmed-mean/agr-tailored', 'multi-krum/agr-tailored']
        .flatMap((p) => [0, 0.1, 0.2].map((f) => `${p}/${f}`))
        .sort(),
    );
    for (const r of s.runs) {
      expect([r.config.model.arch, r.config.data.dataset, r.config.federation.rounds, r.config.workers]).toEqual([
        'lenet',
        'fashion-mnist',
        10,
        1,
      ]);
    }
  });
});
