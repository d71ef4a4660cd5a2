/**
 * What `fedrank run` prints, as a user sees it: on a terminal (a pseudo-terminal from
 * util-linux's `script`), not on a terminal, with --quiet, and with --check; the summary table
 * at the end (the one line with --quiet).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { bin, buildOnce, repo, runCli } from './testing/cli-process.js';

const dir = mkdtempSync(join(tmpdir(), 'fedrank-terminal-'));
const config = join(dir, 'small.yaml');
writeFileSync(
  config,
  [
    'name: small',
    'seed: 3',
    'workers: 0',
    'backend: wasm',
    'data: { dataset: synthetic, partition: { kind: iid }, synthetic: { trainSize: 240, testSize: 60, height: 6, width: 6, channels: 1, numClasses: 3 } }',
    'federation: { clients: 6, clientsPerRound: 3, rounds: 3 }',
    'model: { arch: mlp, hidden: [8] }',
    'training: { localEpochs: 1, batchSize: 8 }',
  ].join('\n'),
);
/** The end-of-run table's labels, in order, on a 3-round run without attack or rejected updates. */
const SUMMARY_ROWS = [
  'rounds',
  'final accuracy',
  'best accuracy',
  'final loss',
  'time',
  'backend',
  'communication',
  'aggregation',
  'output',
];
const summaryRows = (text: string): string[] =>
  [
    ...text.matchAll(/^(rounds|final accuracy|best accuracy|final loss|time|backend|communication|rejected|aggregation|output) {2,}\S/gm),
  ].map((m) => m[1]);
const ROUND_LINE = /^round \d+: accuracy \d\.\d{4} loss \d+\.\d{4} \(\d+\.\d s, \d+ B up\/client\)$/;
// eslint-disable-next-line no-control-regex
const plain = (s: string): string => s.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').replace(/\r/g, '\n');

beforeAll(buildOnce);

describe('fedrank run output', () => {
  it('not on a terminal: one line per round on stderr, the result on stdout, no escape codes', async () => {
    const r = await runCli(['run', config, '--out', join(dir, 'lines')]);
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(3);
    for (const l of lines) expect(l).toMatch(ROUND_LINE);
    expect(lines[0]).toMatch(/^round 0:/);
    expect(r.stderr).not.toMatch(/\x1b/); // eslint-disable-line no-control-regex
    expect(r.stdout).not.toMatch(/\x1b/); // eslint-disable-line no-control-regex
    expect(summaryRows(r.stdout)).toEqual(SUMMARY_ROWS);
    expect(r.stdout).toMatch(/^rounds +3\/3, done$/m);
    expect(r.stdout).toMatch(/^final accuracy +\d\.\d{4} \(round 2\)$/m);
    expect(r.stdout).toMatch(/^time +\d+\.\d s, \d+\.\d s per round$/m);
    expect(r.stdout).toMatch(/^communication +\d+ B up, \d+ B down per client per round \(ranking-bitpacked\)$/m);
    expect(r.stdout).toMatch(new RegExp(`^output +${join(dir, 'lines')}$`, 'm'));
  });

  it('--quiet: only the final line', async () => {
    const r = await runCli(['run', config, '--quiet', '--out', join(dir, 'quiet')]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^done: 3\/3 rounds, final accuracy \d\.\d{4}, best \d\.\d{4} \(round \d\), \d+\.\d s on wasm -> \S+quiet\n$/);
  });

  it('on a terminal: human log lines and round lines above the bar, no JSON objects', async () => {
    const out = join(dir, 'tty');
    const cmd = `node ${bin} run ${config} --out ${out}`;
    const { stdout } = await promisify(execFile)('script', ['-qec', cmd, '/dev/null'], { cwd: repo });
    const text = plain(stdout);
    expect(text).toMatch(/INFO: backend wasm/);
    expect(text).toMatch(/INFO: run finished/);
    expect(text).toMatch(/3\/3 rounds \[/);
    // Each round's line, whole (the bar is redrawn below it, never over it).
    const rounds = [...text.matchAll(/round (\d+): accuracy \d\.\d{4} loss \d+\.\d{4} \(\d+\.\d s, \d+ B up\/client\)/g)].map((m) => m[1]);
    expect(rounds).toEqual(['0', '1', '2']);
    expect(text).not.toMatch(/^\s*[{}]\s*$/m);
    expect(text).not.toMatch(/"finalAccuracy"/);
    // The summary table, after the bar.
    expect(summaryRows(text.slice(text.lastIndexOf('3/3 rounds [')))).toEqual(SUMMARY_ROWS);
  });

  it('--check validates and prints the resolved config without running', async () => {
    const out = join(dir, 'checked');
    const r = await runCli(['run', config, '--check', '--set', 'federation.rounds=7', '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^# .*small\.yaml: valid; resolved with defaults and --set\n/);
    expect(r.stdout).toMatch(/rounds: 7/);
    expect(r.stdout).toMatch(/checkpoint:\n {2}every: 10/);
    expect(existsSync(out)).toBe(false);
    const bad = await runCli(['run', config, '--check', '--set', 'federation.rounds=0']);
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
  });
});
