import { describe, expect, it } from 'vitest';
import { applyOverrides } from '../config-file.js';
import { cellId, expandCells, type CellCheck } from './cells.js';
import { parseMatrix } from './matrix.js';
import { MatrixError } from './matrix-error.js';
import { configCheck } from './run-bench.js';

/** A stand-in for the run config: fills the defaults and rejects crossed rule/attack pairs. */
const RANKING_ATTACKS = ['rank-reversal', 'random-ranking', 'vem'];
const fakeCheck: CellCheck = (overrides) => {
  const input = applyOverrides({ seed: 1 }, overrides) as Record<string, Record<string, unknown>> & { seed: number };
  const config = {
    ...input,
    aggregator: { kind: 'frl-vote', ...input.aggregator },
    attack: { kind: 'none', fraction: 0, ...input.attack },
  };
  const ranking = RANKING_ATTACKS.includes(String(config.attack.kind));
  const frl = config.aggregator.kind === 'frl-vote';
  if (config.attack.kind !== 'none' && ranking !== frl)
    return { config: input, error: `attack.kind: ${String(config.attack.kind)} does not fit ${String(config.aggregator.kind)}` };
  if (config.aggregator.kind === 'fedvag') return { config: input, error: 'aggregator.kind: invalid option' };
  return { config };
};

const base = { base: 'x.yaml' };

describe('expandCells', () => {
  it('runs the baseline once per (aggregator, seed) however many attacks list it', () => {
    const m = parseMatrix({
      ...base,
      aggregators: ['frl-vote'],
      attacks: ['none', 'rank-reversal', 'random-ranking'],
      fractions: [0, 0.1, 0.2],
      seeds: [1, 2],
    });
    const plan = expandCells(m, fakeCheck);
    expect(plan.requested).toHaveLength(1 * 3 * 3 * 2);
    expect(plan.cells.map((c) => c.id)).toEqual([
      'frl-vote--none--f0--s1',
      'frl-vote--none--f0--s2',
      'frl-vote--rank-reversal--f0.1--s1',
      'frl-vote--rank-reversal--f0.1--s2',
      'frl-vote--rank-reversal--f0.2--s1',
      'frl-vote--rank-reversal--f0.2--s2',
      'frl-vote--random-ranking--f0.1--s1',
      'frl-vote--random-ranking--f0.1--s2',
      'frl-vote--random-ranking--f0.2--s1',
      'frl-vote--random-ranking--f0.2--s2',
    ]);
    const baseline = plan.cells[0];
    expect(baseline).toMatchObject({ aggregator: 'frl-vote', attack: 'none', fraction: 0, seed: 1, baseline: true });
    expect(baseline.overrides).toEqual(['workers=1', 'aggregator.kind=frl-vote', 'attack.kind=none', 'attack.fraction=0', 'seed=1']);
    // Every requested point keeps its own labels and points at its cell.
    expect(plan.requested.filter((q) => q.cellId === baseline.id).map((q) => [q.attack, q.fraction])).toEqual([
      ['none', 0],
      ['none', 0.1],
      ['none', 0.2],
      ['rank-reversal', 0],
      ['random-ranking', 0],
    ]);
  });

  it('puts workers, rounds and set: before the cell dimensions, and attack parameters under attack.', () => {
    const m = parseMatrix({
      ...base,
      rounds: 7,
      workers: 2,
      set: { training: { lr: 0.01 } },
      aggregators: [{ kind: 'fedavg', serverLr: 1 }],
      attacks: [{ kind: 'scaling', scale: 100000 }],
      fractions: [0.2],
      seeds: [3],
    });
    const [cell] = expandCells(m, fakeCheck).cells;
    expect(cell.id).toBe('fedavg--scaling--f0.2--s3');
    expect(cell.baseline).toBe(false);
    expect(cell.overrides).toEqual([
      'workers=2',
      'federation.rounds=7',
      'training.lr=0.01',
      'aggregator.kind=fedavg',
      'aggregator.serverLr=1',
      'attack.kind=scaling',
      'attack.scale=100000',
      'attack.fraction=0.2',
      'seed=3',
    ]);
  });

  it('labels a dimension left out from the config, and runs a seeds-only matrix', () => {
    const plan = expandCells(parseMatrix({ ...base, seeds: [1, 2] }), fakeCheck);
    expect(plan.cells.map((c) => [c.id, c.baseline, c.overrides])).toEqual([
      ['frl-vote--none--f0--s1', true, ['workers=1', 'seed=1']],
      ['frl-vote--none--f0--s2', true, ['workers=1', 'seed=2']],
    ]);
  });

  it('keeps a pair the config rejects, with its reason, and skips nothing else', () => {
    const m = parseMatrix({
      ...base,
      aggregators: ['frl-vote', 'fedavg'],
      attacks: ['rank-reversal', 'scaling'],
      fractions: [0, 0.25],
      seeds: [1],
    });
    const plan = expandCells(m, fakeCheck);
    expect(plan.cells.map((c) => [c.id, c.rejected])).toEqual([
      ['frl-vote--none--f0--s1', undefined],
      ['frl-vote--rank-reversal--f0.25--s1', undefined],
      ['frl-vote--scaling--f0.25--s1', 'attack.kind: scaling does not fit frl-vote'],
      ['fedavg--none--f0--s1', undefined],
      ['fedavg--rank-reversal--f0.25--s1', 'attack.kind: rank-reversal does not fit fedavg'],
      ['fedavg--scaling--f0.25--s1', undefined],
    ]);
  });

  it('unions groups without running a cell twice', () => {
    const m = parseMatrix({
      ...base,
      fractions: [0, 0.1],
      seeds: [1],
      groups: [
        { aggregators: ['frl-vote'], attacks: ['none', 'rank-reversal'] },
        { aggregators: ['fedavg', 'frl-vote'], attacks: ['scaling', 'none'], fractions: [0] },
      ],
    });
    const ids = expandCells(m, fakeCheck).cells.map((c) => c.id);
    expect(ids).toEqual(['frl-vote--none--f0--s1', 'frl-vote--rank-reversal--f0.1--s1', 'fedavg--none--f0--s1']);
  });

  it('stops on an entry the config rejects everywhere (a typo), naming it', () => {
    const m = parseMatrix({ ...base, aggregators: ['frl-vote', 'fedvag'], seeds: [1] });
    expect(() => expandCells(m, fakeCheck)).toThrow(MatrixError);
    expect(() => expandCells(m, fakeCheck)).toThrow(/^aggregators\[1\]: 'fedvag' is rejected by the run config in every cell/);
    const attacks = parseMatrix({ ...base, aggregators: ['frl-vote'], attacks: ['rank-reversal', 'lie'], fractions: [0.1] });
    expect(() => expandCells(attacks, fakeCheck)).toThrow(/^attacks\[1\]: 'lie' is rejected/);
  });

  it('stops when no cell passes the config', () => {
    const check: CellCheck = () => ({ config: {}, error: 'training.lrr: unknown key (not a config field)' });
    expect(() => expandCells(parseMatrix({ ...base, seeds: [1] }), check)).toThrow(
      /no cell passes the run config \(training\.lrr: unknown key/,
    );
  });

  it('makes filesystem-safe ids', () => {
    expect(cellId('a b/c', 'x:y', 0.05, null)).toBe('a-b-c--x-y--f0.05--sbase');
  });
});

describe('expandCells with the real run config', () => {
  it('skips the crossed rule/attack pairs and validates the rest', () => {
    const runBase = {
      backend: 'wasm',
      data: { dataset: 'synthetic' },
      federation: { clients: 8, clientsPerRound: 4, rounds: 2 },
      model: { arch: 'mlp', hidden: [8] },
      training: {},
    };
    const m = parseMatrix({
      base: runBase,
      aggregators: ['frl-vote', 'fedavg'],
      attacks: ['rank-reversal', 'scaling'],
      fractions: [0, 0.25],
      seeds: [1],
    });
    const plan = expandCells(m, configCheck(runBase));
    expect(plan.cells.filter((c) => c.rejected === undefined).map((c) => c.id)).toEqual([
      'frl-vote--none--f0--s1',
      'frl-vote--rank-reversal--f0.25--s1',
      'fedavg--none--f0--s1',
      'fedavg--scaling--f0.25--s1',
    ]);
    expect(plan.cells.find((c) => c.id === 'fedavg--rank-reversal--f0.25--s1')?.rejected).toMatch(/^attack\.kind: /);
    const seedsOnly = expandCells(parseMatrix({ base: runBase, seeds: [4] }), configCheck(runBase));
    expect(seedsOnly.cells.map((c) => c.id)).toEqual(['frl-vote--none--f0--s4']);
  });
});
