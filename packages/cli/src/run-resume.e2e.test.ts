/**
 * Checkpoints and resume, through the built CLI as a user runs it: runs killed with SIGKILL at
 * random points (and once in the middle of writing a checkpoint) and resumed give metrics.jsonl
 * equal to an uninterrupted run's, number for number (wall times aside); bad checkpoints are one
 * line and exit 2, with nothing already written lost.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '@fedrank/random';
import { bin, buildOnce, repo, runCli } from './testing/cli-process.js';

const dir = mkdtempSync(join(tmpdir(), 'fedrank-resume-'));
const TIME_FIELDS = ['seconds', 'trainSeconds', 'craftSeconds', 'evalSeconds'];

function config(workers: number, extra = ''): string {
  const file = join(dir, `config-w${workers}${extra ? '-x' : ''}.yaml`);
  writeFileSync(
    file,
    [
      'name: resume',
      'seed: 3',
      `workers: ${workers}`,
      'backend: wasm',
      'data: { dataset: synthetic, partition: { kind: iid }, synthetic: { trainSize: 480, testSize: 120, height: 6, width: 6, channels: 1, numClasses: 4 } }',
      'federation: { clients: 12, clientsPerRound: 6, rounds: 24 }',
      'model: { arch: mlp, hidden: [16] }',
      'training: { localEpochs: 1, batchSize: 8 }',
      'checkpoint: { every: 2 }',
      extra,
    ].join('\n'),
  );
  return file;
}

function metrics(out: string): Record<string, unknown>[] {
  return readFileSync(join(out, 'metrics.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => {
      const m = JSON.parse(l) as Record<string, unknown>;
      for (const k of TIME_FIELDS) delete m[k];
      return m;
    });
}

function linesIn(file: string): number {
  try {
    return readFileSync(file, 'utf8').split('\n').length - 1;
  } catch {
    return 0;
  }
}

/**
 * Starts a run and kills it with SIGKILL once metrics.jsonl holds `rounds` lines plus `ms`
 * milliseconds (a point inside the next round, or inside a checkpoint write); resolves when it is gone.
 */
function runAndKill(args: string[], out: string, rounds: number, ms: number): Promise<void> {
  return new Promise((done) => {
    const child = spawn('node', [bin, ...args], { cwd: repo, stdio: 'ignore' });
    const poll = setInterval(() => {
      if (linesIn(join(out, 'metrics.jsonl')) >= rounds) {
        clearInterval(poll);
        setTimeout(() => child.kill('SIGKILL'), ms);
      }
    }, 5);
    child.on('close', () => {
      clearInterval(poll);
      done();
    });
  });
}

describe('checkpoints and --resume', () => {
  let reference: Record<string, unknown>[];
  beforeAll(async () => {
    await buildOnce();
    const r = await runCli(['run', config(0), '--out', join(dir, 'reference')]);
    expect(r.status, r.stderr).toBe(0);
    reference = metrics(join(dir, 'reference'));
    expect(reference).toHaveLength(24);
  });

  it('a run killed with SIGKILL at random points and resumed gives the same metrics', async () => {
    const rng = new Rng(11);
    for (let k = 0; k < 2; k++) {
      const out = join(dir, `killed-${k}`);
      await runAndKill(['run', config(0), '--out', out], out, 1 + Math.floor(rng.float() * 10), Math.floor(rng.float() * 80));
      // Killed again while resuming, then resumed to the end.
      if (existsSync(join(out, 'config.resolved.yaml')))
        await runAndKill(['run', '--resume', out], out, 12 + Math.floor(rng.float() * 8), Math.floor(rng.float() * 80));
      const r = await runCli(['run', '--resume', out]);
      expect(r.status, r.stderr).toBe(0);
      expect(metrics(out)).toEqual(reference);
    }
  });

  it('a run killed in the middle of writing a checkpoint resumes from the previous one', async () => {
    const out = join(dir, 'mid-write');
    await new Promise<void>((done) => {
      const child = spawn('node', [bin, 'run', config(0), '--out', out], {
        cwd: repo,
        stdio: 'ignore',
        env: { ...process.env, FEDRANK_CRASH_IN_CHECKPOINT: '6' },
      });
      child.on('close', (_code, signal) => {
        expect(signal).toBe('SIGKILL');
        done();
      });
    });
    expect(existsSync(join(out, 'checkpoint.state.tmp'))).toBe(true);
    const r = await runCli(['run', '--resume', out]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/resumed after round 4\)/);
    expect(metrics(out)).toEqual(reference);
  });

  it('resumes with a different worker count to the same numbers', async () => {
    const out = join(dir, 'workers');
    await runAndKill(['run', config(0), '--out', out], out, 9, 0);
    const r = await runCli(['run', '--resume', out, '--set', 'workers=2']);
    expect(r.status, r.stderr).toBe(0);
    expect(metrics(out)).toEqual(reference);
  });

  it('says so when the run is already finished', async () => {
    const r = await runCli(['run', '--resume', join(dir, 'reference')]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^rounds {10}24\/24, already finished, nothing run\n/);
  });

  it('refuses a checkpoint of another config, and a corrupt or truncated one, in one line with exit 2', async () => {
    const ref = join(dir, 'reference');
    const before = readFileSync(join(ref, 'metrics.jsonl'), 'utf8');
    const other = await runCli(['run', '--resume', ref, '--set', 'seed=4']);
    expect(other.status).toBe(2);
    expect(other.stderr.trim().split('\n')).toHaveLength(1);
    expect(other.stderr).toMatch(/checkpoint\.state: written by a different config/);

    const out = join(dir, 'corrupt');
    await runAndKill(['run', config(0), '--out', out], out, 9, 0);
    const file = join(out, 'checkpoint.state');
    const bytes = readFileSync(file);
    writeFileSync(file, bytes.subarray(0, bytes.length - 10));
    const truncated = await runCli(['run', '--resume', out]);
    expect(truncated.status).toBe(2);
    expect(truncated.stderr).toMatch(/checkpoint\.state: truncated checkpoint/);
    const flipped = Buffer.from(bytes);
    flipped[flipped.length - 5] ^= 0xff;
    writeFileSync(file, flipped);
    const corrupt = await runCli(['run', '--resume', out]);
    expect(corrupt.status).toBe(2);
    expect(corrupt.stderr.trim()).toMatch(/checkpoint\.state: corrupt checkpoint \(payload checksum mismatch\)$/);
    expect(readFileSync(join(ref, 'metrics.jsonl'), 'utf8')).toBe(before);
  });
});
