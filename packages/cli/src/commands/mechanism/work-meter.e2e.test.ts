/**
 * Long `fedrank mechanism` work through the built CLI: a horizon or a sample count under a raised
 * --max-work shows its progress on stderr, and Ctrl-C (SIGINT) stops it within about a second with
 * one line, exit 130, nothing on stdout. Work that runs to its end prints the same result as before.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { bin, buildOnce, repo, runCli } from '../../testing/cli-process.js';

beforeAll(buildOnce, 300_000);

interface Stopped {
  status: number | null;
  stdout: string;
  stderr: string;
  /** Seconds from SIGINT to exit. */
  stopSeconds: number;
}

/** Starts the CLI, waits for its first progress line, sends SIGINT and waits for the exit. */
function interruptAfterProgress(args: string[], progress: RegExp): Promise<Stopped> {
  return new Promise((done, fail) => {
    const child = spawn('node', [bin, ...args], { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let sentAt = 0;
    const guard = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`no progress line within 60 s; stderr: ${stderr}`));
    }, 60_000);
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (sentAt === 0 && progress.test(stderr)) {
        sentAt = performance.now();
        child.kill('SIGINT');
      }
    });
    child.on('close', (status) => {
      clearTimeout(guard);
      done({ status, stdout, stderr, stopSeconds: (performance.now() - sentAt) / 1000 });
    });
  });
}

const instance = join(repo, 'configs/mechanisms/single-agent-cost-0.1.json');

describe('long mechanism work', () => {
  it('--online --horizon 1e12 under a raised --max-work shows progress and stops on Ctrl-C with one line, exit 130', async () => {
    const r = await interruptAfterProgress(
      ['mechanism', 'info-acquisition', instance, '--online', '--horizon', '1e12', '--max-work', '1e13'],
      /^exploring: \d+% \([\d.e+]+ of 1\.00e\+8 exploration rounds\); Ctrl-C stops$/m,
    );
    expect(r.status, r.stderr).toBe(130);
    expect(r.stopSeconds).toBeLessThan(1.5);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n');
    expect(lines.at(-1)).toMatch(/^fedrank: stopped at exploration round \d+ of 100000000; nothing written$/);
    expect(lines.slice(0, -1).every((l) => l.startsWith('exploring: '))).toBe(true);
  }, 90_000);

  it('--worst-case --samples 1e10 under a raised --max-work stops on Ctrl-C the same way', async () => {
    const r = await interruptAfterProgress(
      [
        'mechanism',
        'facility',
        '--mechanism',
        'median',
        '--worst-case',
        '--n',
        '3',
        '--family',
        'random',
        '--samples',
        '1e10',
        '--max-work',
        '1e12',
      ],
      /^worst case: \d+% .*profiles\); Ctrl-C stops$/m,
    );
    expect(r.status, r.stderr).toBe(130);
    expect(r.stopSeconds).toBeLessThan(1.5);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n').at(-1)).toMatch(/^fedrank: stopped at profile \d+ of 10000000000; nothing written$/);
  }, 90_000);

  it('work that ends within a second prints no progress', async () => {
    const r = await runCli([
      'mechanism',
      'facility',
      '--mechanism',
      'median',
      '--worst-case',
      '--n',
      '3',
      '--family',
      'random',
      '--samples',
      '1000',
      '--json',
    ]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect((JSON.parse(r.stdout) as { profilesChecked: number }).profilesChecked).toBe(1000);
  }, 60_000);
});
