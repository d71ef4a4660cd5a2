/**
 * End-to-end tests of the `fedrank` binary (built dist/, as a user runs it).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { bin, buildOnce, repo, runCli } from './testing/cli-process.js';

beforeAll(buildOnce, 300_000);

const smallConfig = `
seed: 7
backend: wasm
workers: 1
data:
  dataset: synthetic
  synthetic: { trainSize: 400, testSize: 200, height: 8, width: 8, channels: 1, numClasses: 4 }
  partition: { kind: iid }
federation: { clients: 8, clientsPerRound: 4, rounds: 3 }
model: { arch: mlp, hidden: [32] }
training: { localEpochs: 1, batchSize: 8, lr: 0.4 }
`;

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'fedrank-cli-'));
}

function accuracies(dir: string): number[] {
  return readFileSync(join(dir, 'metrics.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => (JSON.parse(l) as { accuracy: number }).accuracy);
}

describe('fedrank run', () => {
  it('runs a config end to end and writes the run files', async () => {
    const dir = tmp();
    const cfg = join(dir, 'small.yaml');
    writeFileSync(cfg, smallConfig);
    const r = await runCli(['run', cfg, '--out', join(dir, 'out')]);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^rounds +3\/3, done\nfinal accuracy +\d\.\d{4} \(round 2\)\n/);
    const out = join(dir, 'out');
    for (const f of [
      'config.resolved.yaml',
      'metrics.jsonl',
      'summary.json',
      'run.log',
      'model/model.json',
      'model/scores.bin',
      'model/weights.bin',
    ]) {
      expect(existsSync(join(out, f)), f).toBe(true);
    }
    const lines = readFileSync(join(out, 'metrics.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, number>);
    expect(lines.map((l) => l.round)).toEqual([0, 1, 2]);
    for (const l of lines) {
      for (const k of ['accuracy', 'loss', 'seconds', 'trainSeconds', 'craftSeconds', 'evalSeconds']) expect(typeof l[k]).toBe('number');
      expect(l.craftSeconds).toBeGreaterThanOrEqual(0);
      expect(l.craftSeconds).toBeLessThanOrEqual(l.trainSeconds);
    }
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as Record<string, unknown>;
    for (const k of ['finalAccuracy', 'bestAccuracy', 'rounds', 'wallSeconds', 'backend', 'seed']) expect(summary).toHaveProperty(k);
    expect(summary.backend).toBe('wasm');
    expect(summary.seed).toBe(7);
    // A learnable synthetic task: well above chance (0.25) after 3 rounds.
    expect(summary.finalAccuracy as number).toBeGreaterThan(0.5);
    // The saved model reloads and evaluates to the run's final accuracy.
    const ev = await runCli(['eval', out, '--json']);
    expect(ev.status).toBe(0);
    expect((JSON.parse(ev.stdout) as { accuracy: number }).accuracy).toBe(summary.finalAccuracy);
    // Communication report: bit-packed rankings against float32 weights of the same model.
    const rep = await runCli(['report', 'comm', out, '--json']);
    expect(rep.status).toBe(0);
    const [row] = JSON.parse(rep.stdout) as { codec: string; uploadPerClientRound: number; ratioToFloat32: number; rounds: number }[];
    expect(row.codec).toBe('ranking-bitpacked');
    expect(row.rounds).toBe(3);
    expect(row.ratioToFloat32).toBeGreaterThan(0.2);
    expect(row.ratioToFloat32).toBeLessThan(0.4);
    expect((await runCli(['report', 'comm', join(dir, 'nope')])).status).toBe(2);
    // Refuses to overwrite a finished run.
    const again = await runCli(['run', cfg, '--out', out]);
    expect(again.status).toBe(2);
    expect(again.stderr).toMatch(/already holds a run/);
  });

  it('gives identical accuracies for the same seed and different ones for another seed', async () => {
    const dir = tmp();
    const cfg = join(dir, 'small.yaml');
    writeFileSync(cfg, smallConfig);
    expect((await runCli(['run', cfg, '--out', join(dir, 'a')])).status).toBe(0);
    expect((await runCli(['run', cfg, '--out', join(dir, 'b')])).status).toBe(0);
    expect((await runCli(['run', cfg, '--out', join(dir, 'c'), '--set', 'seed=8'])).status).toBe(0);
    expect(accuracies(join(dir, 'a'))).toEqual(accuracies(join(dir, 'b')));
    expect(accuracies(join(dir, 'a'))).not.toEqual(accuracies(join(dir, 'c')));
  });

  it('gives identical metrics whatever the worker pool size', async () => {
    const dir = tmp();
    const cfg = join(dir, 'small.yaml');
    writeFileSync(cfg, smallConfig);
    const metrics: number[][][] = [];
    for (const w of [0, 1, 2]) {
      const out = join(dir, `w${w}`);
      expect((await runCli(['run', cfg, '--out', out, '--set', `workers=${w}`])).status).toBe(0);
      metrics.push(
        readFileSync(join(out, 'metrics.jsonl'), 'utf8')
          .trim()
          .split('\n')
          .map((l) => {
            const m = JSON.parse(l) as Record<string, number>;
            return [m.round, m.accuracy, m.loss, m.trainLoss, m.rejectedUpdates];
          }),
      );
    }
    expect(metrics[1]).toEqual(metrics[0]);
    expect(metrics[2]).toEqual(metrics[0]);
  });

  it.each([
    ['an unknown key', ['--set', 'federation.roundz=3'], /federation\.roundz: unknown key/],
    ['a wrong type', ['--set', 'federation.rounds=many'], /federation\.rounds: .*number/],
    [
      'clientsPerRound > clients',
      ['--set', 'federation.clientsPerRound=9'],
      /federation\.clientsPerRound: expected at most federation\.clients \(8\)/,
    ],
    ['keep outside (0,1]', ['--set', 'model.keep=1.5'], /model\.keep: expected a fraction in \(0, 1\]/],
    ['a missing dataset directory', ['--set', 'data.dataset=mnist', '--set', 'data.dir=/nonexistent/mnist'], /data\.dir/],
  ])('rejects %s with one line and exit code 2', async (_name, extra, pattern) => {
    const dir = tmp();
    const cfg = join(dir, 'small.yaml');
    writeFileSync(cfg, smallConfig);
    const r = await runCli(['run', cfg, '--out', join(dir, 'out'), ...extra]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(pattern);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toMatch(/ at .*\.js:\d+/);
  });

  it('names a missing config file', async () => {
    const r = await runCli(['run', '/nonexistent/x.yaml']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/\/nonexistent\/x\.yaml: file not found/);
  });

  it('keeps every completed round in metrics.jsonl when interrupted with Ctrl-C', async () => {
    const dir = tmp();
    const cfg = join(dir, 'long.yaml');
    writeFileSync(cfg, smallConfig.replace('rounds: 3', 'rounds: 500'));
    const out = join(dir, 'out');
    const child = spawn('node', [bin, 'run', cfg, '--out', out], { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const metrics = join(out, 'metrics.jsonl');
    const deadline = Date.now() + 120_000;
    while (Date.now() < deadline) {
      if (existsSync(metrics) && readFileSync(metrics, 'utf8').split('\n').length > 3) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    child.kill('SIGINT');
    const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    expect(code).toBe(130);
    const rounds = readFileSync(metrics, 'utf8')
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { round: number }).round);
    expect(rounds.length).toBeGreaterThanOrEqual(3);
    expect(rounds).toEqual(rounds.map((_, i) => i));
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as { interrupted: boolean; completedRounds: number };
    expect(summary.interrupted).toBe(true);
    expect(summary.completedRounds).toBe(rounds.length);
    expect(stderr).toMatch(/stopping/);
  });
});
