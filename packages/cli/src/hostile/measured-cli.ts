/**
 * Test support: runs the built `fedrank` binary under GNU time (`/usr/bin/time -f %M`, Debian
 * package `time`) to measure the child's peak resident set size, with a wall-clock limit after
 * which the whole process group is killed (a hang then shows as exit `null` and `timedOut`).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bin, repo } from '../testing/cli-process.js';

export const GNU_TIME = '/usr/bin/time';

export interface MeasuredResult {
  status: number | null;
  stdout: string;
  stderr: string;
  /** Peak RSS of the node process in MiB (from GNU time's %M, in KiB). */
  peakRssMiB: number;
  timedOut: boolean;
  seconds: number;
}

export interface MeasuredOptions {
  cwd?: string;
  timeoutMs: number;
  env?: Record<string, string>;
}

export function runCliMeasured(args: readonly string[], options: MeasuredOptions): Promise<MeasuredResult> {
  if (!existsSync(GNU_TIME)) throw new Error(`${GNU_TIME} is missing: install the Debian package 'time'`);
  const scratch = mkdtempSync(join(tmpdir(), 'fedrank-rss-'));
  const rssFile = join(scratch, 'rss');
  const started = performance.now();
  return new Promise((done) => {
    const child = spawn(GNU_TIME, ['-f', '%M', '-o', rssFile, 'node', bin, ...args], {
      cwd: options.cwd ?? repo,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }, options.timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      rmSync(scratch, { recursive: true, force: true });
      done({ status: null, stdout, stderr: `cannot start the child: ${e.message}`, peakRssMiB: NaN, timedOut: false, seconds: 0 });
    });
    child.on('close', (status) => {
      clearTimeout(timer);
      let peakRssMiB = NaN;
      try {
        // GNU time writes "Command exited with non-zero status N" before the figure on failure.
        const lines = readFileSync(rssFile, 'utf8').trim().split('\n');
        peakRssMiB = Number(lines[lines.length - 1]) / 1024;
      } catch {
        // killed before GNU time wrote it
      }
      rmSync(scratch, { recursive: true, force: true });
      done({ status: timedOut ? null : status, stdout, stderr, peakRssMiB, timedOut, seconds: (performance.now() - started) / 1000 });
    });
  });
}
