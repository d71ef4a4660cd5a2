/**
 * Queue mode against a real Redis (started here on a free loopback port, append-only file on,
 * killed at the end): `fedrank sweep --queue`, `fedrank worker`, --status and --collect, a worker
 * killed with SIGKILL mid-run, Redis restarted mid-sweep. Run with `npm run test:queue`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bin, buildOnce, repo, runCli } from '../testing/cli-process.js';
import { startRedis, type RedisServer } from '../testing/redis-server.js';
import { metricsWithoutTimes } from '../testing/run-metrics.js';

let redis: RedisServer;
beforeAll(async () => {
  await buildOnce();
  redis = await startRedis();
}, 300_000);
afterAll(async () => {
  await redis?.stop();
});

// 30 rounds: a run must stay mid-run (checkpointed, unfinished) for longer than the 200 ms poll
// that catches it there, however fast a round gets (4 rounds took ~0.2 s after the first).
function sweepText(seeds: number[]): string {
  return `
base:
  name: queue-test
  backend: wasm
  data:
    dataset: synthetic
    synthetic: { trainSize: 200, testSize: 100, height: 8, width: 8, channels: 1, numClasses: 4 }
    partition: { kind: iid }
  federation: { clients: 8, clientsPerRound: 4, rounds: 30 }
  model: { arch: mlp, hidden: [16] }
  training: { localEpochs: 1, batchSize: 8 }
  checkpoint: { every: 1 }
grid:
  attack.fraction: [0, 0.25]
zip:
  attack.kind: [rank-reversal]
seeds: [${seeds.join(', ')}]
`;
}

interface WorkerProcess {
  readonly child: ChildProcess;
  /** The run directories this worker has started, in order. */
  readonly started: string[];
  readonly log: () => string;
  readonly exited: Promise<number | null>;
}

function startWorker(args: string[] = []): WorkerProcess {
  const child = spawn('node', [bin, 'worker', '--queue', redis.url, '--stall-seconds', '2', ...args], {
    cwd: repo,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const started: string[] = [];
  let text = '';
  child.stderr?.on('data', (d: Buffer) => {
    text += d.toString();
    for (const m of d.toString().matchAll(/"dir":"([^"]+)"[^\n]*: started"/g)) started.push(m[1]);
  });
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return { child, started, log: () => text, exited };
}

async function until(what: string, ok: () => boolean | Promise<boolean>, ms = 240_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function doneCount(sweep: string): Promise<[number, number]> {
  const r = await runCli(['sweep', sweep, '--queue', redis.url, '--status']);
  expect(r.status, r.stderr).toBe(0);
  const m = /^(\d+)\/(\d+) runs done$/m.exec(r.stdout);
  expect(m, r.stdout).not.toBeNull();
  return [Number(m?.[1]), Number(m?.[2])];
}

async function collect(sweep: string): Promise<string[][]> {
  const r = await runCli(['sweep', sweep, '--queue', redis.url, '--collect']);
  expect(r.status, r.stderr).toBe(0);
  return r.stdout
    .trimEnd()
    .split('\n')
    .map((l) => l.split(','));
}

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'fedrank-queue-'));
}

describe('fedrank sweep --queue + fedrank worker (real Redis)', () => {
  it('two workers, one killed with SIGKILL mid-run: every run done exactly once, results equal to uninterrupted runs', async () => {
    const dir = tmp();
    const sweep = join(dir, 'sweep.yaml');
    writeFileSync(sweep, sweepText([1, 2, 3]));
    const out = join(dir, 'queue-out');

    const first = await runCli(['sweep', sweep, '--queue', redis.url, '--out', out]);
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/sweep: 6 runs -> .*: 6 added, 0 already queued or done/);
    const twice = await runCli(['sweep', sweep, '--queue', redis.url, '--out', out]);
    expect(twice.stdout).toMatch(/6 runs -> .*: 0 added, 6 already queued or done/);
    const status = await runCli(['sweep', sweep, '--queue', redis.url, '--status']);
    expect(status.stdout).toMatch(/^waiting: 6$/m);
    expect(status.stdout.trimEnd().split('\n').pop()).toBe('0/6 runs done');

    const a = startWorker();
    const b = startWorker();
    let victim: string | undefined;
    await until('worker A to be mid-run', () => {
      victim = a.started.find((d) => existsSync(join(d, 'checkpoint.state')) && !existsSync(join(d, 'summary.json')));
      return victim !== undefined;
    });
    a.child.kill('SIGKILL');
    await a.exited;
    await until('6/6 runs done', async () => (await doneCount(sweep))[0] === 6);
    // The killed worker's run was taken over by the other worker.
    expect(b.started).toContain(victim);
    expect(b.log()).toMatch(/stalled/);
    expect(readFileSync(join(victim as string, 'run.log'), 'utf8')).toMatch(/resuming from the checkpoint after round \d/);
    b.child.kill('SIGTERM');
    expect(await b.exited).toBe(0);

    const rows = await collect(sweep);
    expect(rows[0]).toEqual(['hash', 'attack.fraction', 'attack.kind', 'seed', 'finalAccuracy', 'bestAccuracy', 'rounds', 'wallSeconds']);
    const hashes = rows.slice(1).map((r) => r[0]);
    expect(hashes).toHaveLength(6);
    expect(new Set(hashes).size).toBe(6);

    // The same sweep run locally without interruption: the same runs, number for number.
    const local = join(dir, 'local-out');
    const ref = await runCli(['sweep', sweep, '--out', local, '--workers', '2']);
    expect(ref.status, ref.stderr).toBe(0);
    const localRows = readFileSync(join(local, 'results.csv'), 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => l.split(','));
    expect(rows.map((r) => r.slice(0, 7))).toEqual(localRows.map((r) => r.slice(0, 7)));
    for (const h of hashes) expect(metricsWithoutTimes(join(out, h)), h).toEqual(metricsWithoutTimes(join(local, h)));
  });

  it('Redis restarted mid-sweep (append-only file on): nothing lost, the worker reconnects and finishes', async () => {
    const dir = tmp();
    const sweep = join(dir, 'sweep.yaml');
    writeFileSync(sweep, sweepText([11, 12, 13]));
    const out = join(dir, 'out');
    const enq = await runCli(['sweep', sweep, '--queue', redis.url, '--out', out]);
    expect(enq.stdout).toMatch(/6 added/);
    const w = startWorker(['--concurrency', '2']);
    await until('a first finished run', async () => (await doneCount(sweep))[0] >= 1);
    const before = (await collect(sweep)).slice(1);
    expect(before.length, 'runs still to do when Redis restarts').toBeLessThan(6);
    await redis.restart();
    await until('6/6 runs done after the restart', async () => (await doneCount(sweep))[0] === 6);
    const rows = (await collect(sweep)).slice(1);
    expect(new Set(rows.map((r) => r[0])).size).toBe(6);
    expect(rows).toHaveLength(6);
    // What had finished before the restart is still there, unchanged.
    for (const r of before) expect(rows).toContainEqual(r);
    w.child.kill('SIGTERM');
    expect(await w.exited).toBe(0);
  });
});
