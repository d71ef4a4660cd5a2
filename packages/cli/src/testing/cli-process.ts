/**
 * Test support for the end-to-end tests of the built `fedrank` binary (not part of the build).
 * Child processes run asynchronously: a long spawnSync blocks the vitest worker's event loop,
 * and vitest then times out its own RPC ("Timeout calling onTaskUpdate").
 */
import { execFile, spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

export const repo = resolve(__dirname, '../../../..');
export const bin = join(repo, 'packages/cli/bin/fedrank.js');

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Builds dist/ (a no-op when up to date) so the tests run what a user runs. */
export async function buildOnce(): Promise<void> {
  await promisify(execFile)('npx', ['tsc', '-b'], { cwd: repo });
}

export function runCli(args: readonly string[], options: { timeoutMs?: number; env?: Record<string, string> } = {}): Promise<CliResult> {
  return new Promise((done) => {
    const env = options.env ? { ...process.env, ...options.env } : process.env;
    const child = spawn('node', [bin, ...args], { cwd: repo, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = options.timeoutMs ? setTimeout(() => child.kill('SIGKILL'), options.timeoutMs) : undefined;
    child.on('close', (status) => {
      if (timer) clearTimeout(timer);
      done({ status, stdout, stderr });
    });
  });
}
