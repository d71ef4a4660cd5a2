import { describe, expect, it } from 'vitest';
import type { Cell, RequestedCell } from './cells.js';
import { cellId } from './cells.js';
import type { RunDirResult } from '../sweep/run-dir-result.js';
import { toCsv } from './csv.js';
import { toMarkdown } from './markdown.js';
import { resultRows, type CellOutcome, type CellStatus } from './results.js';

function cell(aggregator: string, attack: string, fraction: number, seed: number): Cell {
  const baseline = attack === 'none';
  return { id: cellId(aggregator, attack, fraction, seed), aggregator, attack, fraction, seed, baseline, overrides: [] };
}

function run(finalAccuracy: number, extra: Partial<RunDirResult> = {}): RunDirResult {
  return {
    finalAccuracy,
    bestAccuracy: finalAccuracy + 0.01,
    rounds: 3,
    completedRounds: 3,
    wallSeconds: 1.23456,
    interrupted: false,
    ...extra,
  };
}

function done(c: Cell, acc: number, extra: Partial<RunDirResult> = {}): CellOutcome {
  return { cell: c, status: 'done', run: run(acc, extra) };
}

function other(c: Cell, status: CellStatus, note?: string): CellOutcome {
  return { cell: c, status, note };
}

const req = (c: Cell, attack = c.attack, fraction = c.fraction): RequestedCell => ({
  aggregator: c.aggregator,
  attack,
  fraction,
  seed: c.seed,
  cellId: c.id,
});

// Two seeds of FRL under rank reversal, FedAvg under scaling (one seed's baseline failed), one skipped pair.
const frl1 = cell('frl-vote', 'none', 0, 1);
const frl2 = cell('frl-vote', 'none', 0, 2);
const frlRr1 = cell('frl-vote', 'rank-reversal', 0.1, 1);
const frlRr2 = cell('frl-vote', 'rank-reversal', 0.1, 2);
const avg1 = cell('fedavg', 'none', 0, 1);
const avg2 = cell('fedavg', 'none', 0, 2);
const avgSc1 = cell('fedavg', 'scaling', 0.1, 1);
const avgSc2 = cell('fedavg', 'scaling', 0.1, 2);
const avgRr1 = cell('fedavg', 'rank-reversal', 0.1, 1);
const outcomes: CellOutcome[] = [
  done(frl1, 0.8, { rejectedUpdates: 0, maliciousClients: 0 }),
  done(frl2, 0.82),
  done(frlRr1, 0.75, { rejectedUpdates: 2, maliciousClients: 2.5 }),
  done(frlRr2, 0.8),
  done(avg1, 0.7),
  other(avg2, 'failed', 'exit code 1: internal error'),
  done(avgSc1, 0.1),
  done(avgSc2, 0.1),
  other(avgRr1, 'skipped', 'attack.kind: rank-reversal attacks rankings (FRL), but aggregator.kind fedavg consumes weights'),
];
const requested: RequestedCell[] = [
  req(frl1, 'rank-reversal'),
  req(frl2, 'rank-reversal'),
  req(frlRr1),
  req(frlRr2),
  req(avg1, 'scaling'),
  req(avg2, 'scaling'),
  req(avgSc1),
  req(avgSc2),
  req(avg1, 'rank-reversal'),
  req(avgRr1),
];

describe('resultRows', () => {
  it('computes attack impact against the same aggregator and seed, 0 for a baseline, empty without one', () => {
    const rows = resultRows(outcomes);
    const impact = Object.fromEntries(rows.map((r) => [r.cell, r.attackImpact]));
    expect(impact[frl1.id]).toBe(0);
    expect(impact[frlRr1.id]).toBe(0.05); // 0.8 - 0.75 without float noise
    expect(impact[frlRr2.id]).toBe(0.02);
    expect(impact[avgSc1.id]).toBe(0.6);
    expect(impact[avgSc2.id]).toBeUndefined(); // its baseline failed
    expect(impact[avg2.id]).toBeUndefined();
    expect(impact[avgRr1.id]).toBeUndefined();
  });
});

describe('toCsv', () => {
  it('writes the contract header first and one row per cell', () => {
    const csv = toCsv(resultRows(outcomes));
    const lines = csv.trimEnd().split('\n');
    expect(lines[0]).toBe(
      'aggregator,attack,fraction,seed,finalAccuracy,bestAccuracy,attackImpact,rounds,completedRounds,wallSeconds,rejectedUpdates,maliciousClients,status,cell,note',
    );
    expect(lines).toHaveLength(1 + outcomes.length);
    expect(lines[1]).toBe('frl-vote,none,0,1,0.8,0.81,0,3,3,1.235,0,0,done,frl-vote--none--f0--s1,');
    expect(lines[3]).toBe('frl-vote,rank-reversal,0.1,1,0.75,0.76,0.05,3,3,1.235,2,2.5,done,frl-vote--rank-reversal--f0.1--s1,');
    expect(lines[6]).toBe('fedavg,none,0,2,,,,,,,,,failed,fedavg--none--f0--s2,exit code 1: internal error');
    expect(lines[8]).toBe('fedavg,scaling,0.1,2,0.1,0.11,,3,3,1.235,,,done,fedavg--scaling--f0.1--s2,');
    // A note with a comma is quoted.
    expect(lines[9]).toBe(
      'fedavg,rank-reversal,0.1,1,,,,,,,,,skipped,fedavg--rank-reversal--f0.1--s1,"attack.kind: rank-reversal attacks rankings (FRL), but aggregator.kind fedavg consumes weights"',
    );
  });

  it('quotes quotes', () => {
    const [row] = resultRows([other(cell('a', 'b', 0.1, 1), 'failed', 'said "no"')]);
    expect(toCsv([row]).trimEnd().split('\n')[1].endsWith(',"said ""no"""')).toBe(true);
  });
});

describe('toMarkdown', () => {
  it('tabulates aggregator x attack against fraction, with means over seeds and impacts', () => {
    const md = toMarkdown(requested, resultRows(outcomes), { title: 'Robustness: t.yaml', notes: ['Matrix `t.yaml`.'] });
    const table = md.split('\n').filter((l) => l.startsWith('|'));
    expect(table).toEqual([
      '| aggregator | attack | 0% | 10% |',
      '| --- | --- | ---: | ---: |',
      '| frl-vote | rank-reversal | 0.8100 | 0.7750 (+0.0350) |',
      '| fedavg | scaling | 0.7000 [1/2 seeds] | 0.1000 (+0.6000) |',
    ]);
    expect(md).toMatch(/^## Robustness: t\.yaml\n\nMatrix `t\.yaml`\.\n/);
    expect(md).toContain(
      'Skipped (the run config rejects them):\n\n- fedavg / rank-reversal (10% seed 1): attack.kind: rank-reversal attacks rankings (FRL), but aggregator.kind fedavg consumes weights',
    );
    expect(md).toContain(
      'Failed (see bench-output.log in the cell directory):\n\n- fedavg / none (cells/fedavg--none--f0--s2): exit code 1: internal error',
    );
  });

  it('shows what a cell is waiting for, and blanks for points the matrix does not hold', () => {
    const a = cell('krum', 'lie', 0.2, 1);
    const b = cell('krum', 'none', 0, 1);
    const md = toMarkdown([req(a), req(b, 'none', 0)], resultRows([other(a, 'pending'), other(b, 'interrupted')]));
    expect(
      md
        .split('\n')
        .filter((l) => l.startsWith('|'))
        .slice(2),
    ).toEqual(['| krum | lie |  | pending |', '| krum | none | interrupted |  |']);
  });
});
