import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { reportError } from './error-boundary.js';
import { CliError } from './user-error.js';

describe('reportError', () => {
  let dir: string;
  let stderr: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'fedrank-boundary-'));
    vi.stubEnv('FEDRANK_LOG_DIR', dir);
    stderr = '';
    vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((stderr += String(s)), true));
  });
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
    process.exitCode = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints a user error as its one line with its exit code, and writes no log', () => {
    reportError(new CliError('--out x: not a directory', '--out'), ['run']);
    expect(stderr).toBe('fedrank: --out x: not a directory\n');
    expect(process.exitCode).toBe(2);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('prints an internal error as one line naming its log, which holds the stack', () => {
    reportError(new TypeError('cannot read x of undefined\nsecond line'), ['run', 'c.yaml']);
    expect(process.exitCode).toBe(1);
    const m = /^fedrank: internal error: cannot read x of undefined \(details in (.+)\)\n$/.exec(stderr);
    expect(m).not.toBeNull();
    const log = readFileSync(m![1], 'utf8');
    expect(log).toMatch(/^fedrank run c\.yaml\n/);
    expect(log).toMatch(/TypeError: cannot read x of undefined\nsecond line\n\s+at /);
  });
});
