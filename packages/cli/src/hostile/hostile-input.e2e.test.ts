/**
 * The hostile-input suite (issue 18): every case of hostile-cases.ts runs the built CLI in its own
 * directory and must end within seconds with its exit code, exactly one line on stderr, no stack
 * trace, a peak RSS under its bound, and the user's files untouched. Cases run in parallel batches.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOnce } from '../testing/cli-process.js';
import { DEFAULT_RSS_MIB, HOSTILE_CASES, type HostileCase } from './hostile-cases.js';
import { runCliMeasured, type MeasuredResult } from './measured-cli.js';

const CASE_TIMEOUT_MS = 30_000;
const PARALLEL = 3;

// FEDRANK_HOSTILE_ONLY=text runs the cases whose name contains it (while working on one).
const only = process.env.FEDRANK_HOSTILE_ONLY;
const CASES = only ? HOSTILE_CASES.filter((c) => c.name.includes(only)) : HOSTILE_CASES;

const root = mkdtempSync(join(tmpdir(), 'fedrank-hostile-'));
const results = new Map<string, Promise<MeasuredResult>>();

async function runCase(c: HostileCase, index: number): Promise<MeasuredResult> {
  const dir = join(root, String(index));
  let args: string[];
  try {
    mkdirSync(dir, { recursive: true });
    args = c.prepare(dir);
  } catch (e) {
    return { status: null, stdout: '', stderr: `case setup failed: ${String(e)}`, peakRssMiB: NaN, timedOut: false, seconds: 0 };
  }
  return runCliMeasured(args, { cwd: dir, timeoutMs: CASE_TIMEOUT_MS, env: { FEDRANK_LOG_DIR: join(dir, 'logs') } });
}

beforeAll(async () => {
  await buildOnce();
  // A small pool: PARALLEL cases at a time, each result keyed by its case.
  let next = 0;
  const settle = new Map<string, (r: MeasuredResult) => void>();
  for (const c of CASES) results.set(c.name, new Promise((done) => settle.set(c.name, done)));
  const worker = async (): Promise<void> => {
    while (next < CASES.length) {
      const i = next++;
      settle.get(CASES[i].name)!(await runCase(CASES[i], i));
    }
  };
  void Promise.all(Array.from({ length: PARALLEL }, worker));
}, 120_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('hostile input', () => {
  it.each(CASES.map((c, i) => [c.name, c, i] as const))(
    '%s',
    async (_name, c, i) => {
      const r = await results.get(c.name)!;
      const lines = r.stderr.split('\n').filter((l) => l !== '');
      const seen = `exit ${r.status}, ${r.peakRssMiB.toFixed(0)} MiB, ${r.seconds.toFixed(1)} s, stderr: ${r.stderr.slice(0, 500)}`;
      if (process.env.FEDRANK_HOSTILE_REPORT) process.stdout.write(`| ${c.name} | ${r.status} | ${r.peakRssMiB.toFixed(0)} |\n`);
      expect(r.timedOut, seen).toBe(false);
      expect(r.status, seen).toBe(c.exit);
      expect(lines, seen).toHaveLength(1);
      expect(lines[0], seen).toMatch(/^fedrank: /);
      expect(lines[0], seen).toMatch(c.stderr);
      expect(r.stderr, seen).not.toMatch(/\n\s+at /);
      expect(r.peakRssMiB, seen).toBeLessThan(c.maxRssMiB ?? DEFAULT_RSS_MIB);
      c.after?.(join(root, String(i)));
    },
    180_000,
  );
});
