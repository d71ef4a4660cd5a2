import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { clearStaleCellDir, firstDifference, inspectCellDir } from './cell-dir.js';
import { writeJobFile } from '../sweep/job-file.js';
import { parseRunConfig } from '@fedrank/server';
import { readRunDirResult } from '../sweep/run-dir-result.js';
import { runPool } from '../sweep/pool.js';
import { lastMessage } from '../sweep/run-process.js';

function dir(): string {
  return mkdtempSync(join(tmpdir(), 'fedrank-bench-cell-'));
}

const input = { seed: 1, federation: { rounds: 3 } };
const config = parseRunConfig({
  data: { dataset: 'synthetic' },
  federation: { clients: 2, clientsPerRound: 1, rounds: 3 },
  model: { arch: 'mlp' },
  training: {},
});

function finish(d: string, interrupted: boolean): void {
  writeFileSync(
    join(d, 'summary.json'),
    JSON.stringify({ finalAccuracy: 0.5, bestAccuracy: 0.6, rounds: 3, completedRounds: interrupted ? 1 : 3, interrupted, wallSeconds: 2 }),
  );
}

describe('cell directories', () => {
  it('tells absent, partial, finished and stale apart', () => {
    const d = join(dir(), 'cell');
    expect(inspectCellDir(d, input).kind).toBe('absent');
    writeJobFile(d, { id: 'cell', base: 'b.yaml', overrides: ['seed=1'], input, config });
    expect(inspectCellDir(d, input).kind).toBe('partial');
    writeFileSync(join(d, 'metrics.jsonl'), '{"round":0}\n');
    finish(d, true);
    expect(inspectCellDir(d, input).kind).toBe('partial');
    finish(d, false);
    expect(inspectCellDir(d, input)).toEqual({ kind: 'finished' });
    expect(inspectCellDir(d, { seed: 1, federation: { rounds: 5 } })).toEqual({ kind: 'stale', field: 'federation.rounds' });
  });

  it('trusts a finished run without a stamp', () => {
    const d = dir();
    finish(d, false);
    expect(inspectCellDir(d, input).kind).toBe('finished');
  });

  it('removes a stale directory before a rerun', () => {
    const parent = dir();
    const d = join(parent, 'cell');
    mkdirSync(join(d, 'model'), { recursive: true });
    writeFileSync(join(d, 'metrics.jsonl'), '{}\n');
    clearStaleCellDir(d);
    expect(readdirSync(parent)).toEqual([]);
  });

  it('finds the first differing field', () => {
    expect(firstDifference({ a: 1, b: { c: [1, 2] } }, { a: 1, b: { c: [1, 2] } })).toBeUndefined();
    expect(firstDifference({ a: 1, b: { c: [1, 2] } }, { a: 1, b: { c: [1, 3] } })).toBe('b.c.1');
    expect(firstDifference({ a: 1 }, { a: 1, z: 2 })).toBe('z');
  });

  it('reads a run: summary plus totals over metrics.jsonl', () => {
    const d = dir();
    finish(d, false);
    writeFileSync(
      join(d, 'metrics.jsonl'),
      ['{"round":0,"rejectedUpdates":1,"maliciousClients":2}', '{"round":1,"rejectedUpdates":3,"maliciousClients":3}', ''].join('\n'),
    );
    expect(readRunDirResult(d)).toEqual({
      finalAccuracy: 0.5,
      bestAccuracy: 0.6,
      rounds: 3,
      completedRounds: 3,
      wallSeconds: 2,
      interrupted: false,
      rejectedUpdates: 4,
      maliciousClients: 2.5,
    });
    writeFileSync(join(d, 'metrics.jsonl'), '{"round":0}\n');
    expect(readRunDirResult(d).rejectedUpdates).toBeUndefined();
  });
});

describe('runPool', () => {
  it('keeps at most `jobs` in flight, in order, and stops taking items when told', async () => {
    let inFlight = 0;
    let peak = 0;
    const started: number[] = [];
    await runPool([1, 2, 3, 4, 5], 2, async (x) => {
      started.push(x);
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, 5));
      inFlight--;
    });
    expect(peak).toBe(2);
    expect(started).toEqual([1, 2, 3, 4, 5]);
    const seen: number[] = [];
    await runPool(
      [1, 2, 3, 4, 5],
      1,
      (x) => Promise.resolve(void seen.push(x)),
      () => seen.length >= 2,
    );
    expect(seen).toEqual([1, 2]);
  });
});

describe('lastMessage', () => {
  it("prefers the run's own error line, then a crash's error line", () => {
    expect(lastMessage('round 0: ...\nfedrank: attack.kind: nope\n')).toBe('attack.kind: nope');
    expect(lastMessage('file:///x.js:1\n   }\n\nSyntaxError: Missing catch\n    at f (x.js:1)\n\nNode.js v20.20.2\n')).toBe(
      'SyntaxError: Missing catch',
    );
    expect(lastMessage('a\nb\n')).toBe('b');
    expect(lastMessage('')).toBeUndefined();
  });
});
