/**
 * The internal-error path through the built CLI: a user plugin whose create() throws a plain
 * TypeError is code that failed, not a config that is wrong. fedrank prints one line,
 * `fedrank: internal error: <message> (details in <log file>)`, naming the plugin and the hook,
 * exits 1, and keeps the stack trace (with the plugin's own frame) out of the terminal and in the log.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOnce, runCli } from './testing/cli-process.js';
import { runConfig } from './hostile/fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'fedrank-internal-'));
beforeAll(buildOnce, 300_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// No imports, so the module loads from any directory: a params "schema" is any object with safeParse.
const brokenRule = `export default {
  kind: 'broken-rule',
  consumes: 'weights',
  params: { safeParse: (v) => ({ success: true, data: v }) },
  create(params) {
    return params.options.clip; // TypeError: params.options is undefined
  },
};
`;

describe('an internal error in a user plugin', () => {
  it('is one line naming the plugin, exit 1, with the stack trace in the log and not on the terminal', async () => {
    writeFileSync(join(dir, 'broken-rule.mjs'), brokenRule);
    writeFileSync(join(dir, 'c.yaml'), runConfig({ aggregator: { module: './broken-rule.mjs' } }));
    const logs = join(dir, 'logs');
    const r = await runCli(['run', join(dir, 'c.yaml'), '--out', join(dir, 'out'), '--quiet'], {
      timeoutMs: 120_000,
      env: { FEDRANK_LOG_DIR: logs },
    });
    expect(r.status, r.stderr).toBe(1);
    const lines = r.stderr.split('\n').filter((l) => l !== '');
    expect(lines, r.stderr).toHaveLength(1);
    const m =
      /^fedrank: internal error: aggregator plugin 'broken-rule' \((.+)\) threw in create\(\): TypeError: (.+) \(details in (.+)\)$/.exec(
        lines[0],
      );
    expect(m, lines[0]).not.toBeNull();
    expect(m![1]).toBe(join(dir, 'broken-rule.mjs'));
    expect(m![2]).toMatch(/clip/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout).toBe('');

    const log = m![3];
    expect(readdirSync(logs)).toEqual([log.slice(logs.length + 1)]);
    const text = readFileSync(log, 'utf8');
    expect(text).toMatch(/^fedrank run /);
    // fedrank's frames, then the plugin's own TypeError with its frame in broken-rule.mjs
    expect(text).toMatch(/PluginCodeError: aggregator plugin 'broken-rule'[^\n]*\n\s+at /);
    expect(text).toMatch(/\[cause\]: TypeError: [^\n]*clip[^\n]*\n\s+at [^\n]*broken-rule\.mjs:6:/);
    // nothing left that blocks a retry with the same --out
    expect(existsSync(join(dir, 'out', 'metrics.jsonl'))).toBe(false);
  }, 180_000);
});
