/**
 * End-to-end tests of `fedrank sweep` run locally (the built binary, as a user runs it).
 * The queue mode against a real Redis is in worker.queue.test.ts (npm run test:queue).
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { bin, buildOnce, repo, runCli } from '../testing/cli-process.js';
import { metricsWithoutTimes } from '../testing/run-metrics.js';

beforeAll(buildOnce, 300_000);

// 4 runs of a few seconds each: 2 fractions x 2 seeds of FRL under rank reversal, 4 rounds.
const sweepText = `
base:
  name: sweep-test
  backend: wasm
  data:
    dataset: synthetic
    synthetic: { trainSize: 200, testSize: 100, height: 8, width: 8, channels: 1, numClasses: 4 }
    partition: { kind: iid }
  federation: { clients: 8, clientsPerRound: 4, rounds: 4 }
  model: { arch: mlp, hidden: [16] }
  training: { localEpochs: 1, batchSize: 8 }
  checkpoint: { every: 1 }
grid:
  attack.fraction: [0, 0.25]
zip:
  attack.kind: [rank-reversal]
seeds: [1, 2]
`;

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'fedrank-sweep-'));
}

function writeSweep(dir: string, text = sweepText): string {
  const p = join(dir, 'sweep.yaml');
  writeFileSync(p, text);
  return p;
}

function runDirs(out: string): string[] {
  return readdirSync(out)
    .filter((d) => /^[0-9a-f]{12}$/.test(d))
    .sort();
}

function csv(out: string): string[][] {
  return readFileSync(join(out, 'results.csv'), 'utf8')
    .trimEnd()
    .split('\n')
    .map((l) => l.split(','));
}

describe('fedrank sweep (local)', () => {
  let reference: string;

  it('runs every run once in its config-hash directory with 2 processes, and a rerun runs nothing', async () => {
    const dir = tmp();
    const sweep = writeSweep(dir);
    reference = join(dir, 'two');
    const two = await runCli(['sweep', sweep, '--out', reference, '--workers', '2']);
    expect(two.stderr).not.toMatch(/internal error/);
    expect(two.status, two.stderr).toBe(0);
    expect(two.stderr).toMatch(/sweep: 4 runs: 4 to run with 2 processes, 0 finished earlier/);
    expect(
      two.stderr.match(/^\[\d\/4\] [0-9a-f]{12} attack\.fraction=0(\.25)? attack\.kind=rank-reversal seed=[12]: final /gm),
    ).toHaveLength(4);
    const rows = csv(reference);
    expect(rows[0]).toEqual(['hash', 'attack.fraction', 'attack.kind', 'seed', 'finalAccuracy', 'bestAccuracy', 'rounds', 'wallSeconds']);
    expect(rows.slice(1).map((r) => r.slice(1, 4))).toEqual([
      ['0', 'rank-reversal', '1'],
      ['0', 'rank-reversal', '2'],
      ['0.25', 'rank-reversal', '1'],
      ['0.25', 'rank-reversal', '2'],
    ]);
    expect(
      rows
        .slice(1)
        .map((r) => r[0])
        .sort(),
    ).toEqual(runDirs(reference));
    for (const r of rows.slice(1)) {
      const summary = JSON.parse(readFileSync(join(reference, r[0], 'summary.json'), 'utf8')) as Record<string, unknown>;
      expect([summary.finalAccuracy, summary.rounds, summary.seed, summary.attackFraction, summary.workers]).toEqual([
        Number(r[4]),
        4,
        Number(r[3]),
        Number(r[1]),
        1,
      ]);
    }

    const times = runDirs(reference).map((h) => statSync(join(reference, h, 'summary.json')).mtimeMs);
    const again = await runCli(['sweep', sweep, '--out', reference, '--workers', '1']);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/sweep: 4 runs: 0 to run with 1 processes, 4 finished earlier/);
    expect(runDirs(reference).map((h) => statSync(join(reference, h, 'summary.json')).mtimeMs)).toEqual(times);
  });

  // With 1 process against the reference's 2: also shows that results do not depend on --workers.
  it('survives SIGKILL mid-run: the run process dies with the sweep, and a rerun finishes every run with the metrics of an uninterrupted one', async () => {
    expect(reference, 'needs the first test').toBeDefined();
    const dir = tmp();
    const sweep = writeSweep(dir);
    const out = join(dir, 'out');
    const child = spawn('node', [bin, 'sweep', sweep, '--out', out, '--workers', '1'], { cwd: repo, stdio: 'ignore' });
    const deadline = Date.now() + 120_000;
    let victim: string | undefined;
    while (Date.now() < deadline && !victim) {
      await new Promise((r) => setTimeout(r, 50));
      if (!existsSync(out)) continue;
      // Kill once the second run has a checkpoint but has not finished.
      const started = runDirs(out).filter((h) => existsSync(join(out, h, 'checkpoint.state')) && !existsSync(join(out, h, 'summary.json')));
      if (runDirs(out).some((h) => existsSync(join(out, h, 'summary.json'))) && started.length > 0) victim = started[0];
    }
    expect(victim, 'a run to kill mid-way').toBeDefined();
    child.kill('SIGKILL');
    await new Promise((r) => child.on('exit', r));
    await new Promise((r) => setTimeout(r, 1500));
    // No orphan keeps running in the killed run's directory.
    const orphans = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' })
      .split('\n')
      .filter((l) => l.includes(`run-job ${join(out, victim as string)}`));
    expect(orphans).toEqual([]);
    expect(existsSync(join(out, victim as string, 'summary.json'))).toBe(false);

    const resumed = await runCli(['sweep', sweep, '--out', out, '--workers', '1']);
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(resumed.stderr).toMatch(new RegExp(`${victim}: unfinished, resuming it`));
    expect(readFileSync(join(out, victim as string, 'run.log'), 'utf8')).toMatch(/resuming from the checkpoint after round \d/);
    expect(runDirs(out)).toEqual(runDirs(reference));
    for (const h of runDirs(out)) expect(metricsWithoutTimes(join(out, h)), h).toEqual(metricsWithoutTimes(join(reference, h)));
    expect(csv(out).map((r) => r.slice(0, 6))).toEqual(csv(reference).map((r) => r.slice(0, 6)));
  });

  it.each([
    [
      'an axis naming an unknown key',
      `${sweepText}\n`.replace('attack.fraction: [0, 0.25]', 'attack.fractoin: [0, 0.25]'),
      [],
      /^fedrank: .*sweep\.yaml: grid\.attack\.fractoin: unknown key/,
    ],
    [
      'zip lists of different lengths',
      `${sweepText}\n`.replace('[rank-reversal]', '[rank-reversal]\n  training.lr: [0.4, 0.2]'),
      [],
      /zip\.training\.lr: expected 1 values/,
    ],
    [
      'an unreachable Redis',
      sweepText,
      ['--queue', 'redis://127.0.0.1:1'],
      /^fedrank: --queue: cannot reach Redis at redis:\/\/127\.0\.0\.1:1 \(connect ECONNREFUSED/,
    ],
    ['a queue URL that is not redis://', sweepText, ['--queue', 'http://127.0.0.1:1'], /^fedrank: --queue: expected redis:\/\/HOST:PORT/],
    ['--status without --queue', sweepText, ['--status'], /^fedrank: --status needs --queue/],
  ])('rejects %s with one line and exit code 2, quickly, writing nothing', async (_name, text, extra, pattern) => {
    const dir = tmp();
    const started = Date.now();
    const r = await runCli(['sweep', writeSweep(dir, text), '--out', join(dir, 'out'), ...extra]);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toMatch(pattern);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it('rejects an unreachable worker queue with one line and exit code 2', async () => {
    const r = await runCli(['worker', '--queue', 'redis://127.0.0.1:1'], { timeoutMs: 30_000 });
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/^fedrank: --queue: cannot reach Redis at redis:\/\/127\.0\.0\.1:1/);
  });
});
