/**
 * End-to-end: `fedrank report` through the built binary on small real runs, then the page it
 * wrote opened in a real headless browser (Debian's chromium) with networking off: every chart
 * drawn, the heatmap toggle working, no console error, nothing fetched. The screenshot is kept
 * in test-artifacts/ (FEDRANK_TEST_ARTIFACTS to move it).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildOnce, repo, runCli } from '../testing/cli-process.js';
import { launchOfflineChromium, type PageElement } from '../testing/headless-chromium.js';
import { buildReportFixtures, type ReportFixtures } from '../testing/report-fixtures.js';

const artifacts = process.env.FEDRANK_TEST_ARTIFACTS ?? join(repo, 'test-artifacts');

let fx: ReportFixtures;
let out: string;
beforeAll(async () => {
  await buildOnce();
  fx = await buildReportFixtures(mkdtempSync(join(tmpdir(), 'fedrank-report-cli-')), { seeds: [1] });
  out = join(fx.root, 'report');
}, 300_000);

describe('fedrank report', () => {
  it('writes the report, prints the summary table, and warns about what it skips', async () => {
    const notARun = join(fx.broken, 'not-a-run');
    const r = await runCli(['report', fx.pair, fx.matrix, fx.post, join(fx.broken, 'killed'), notARun, '--out', out]);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(
      /^\| run \| status \| final acc \| best acc \(round\) \| rounds \| wall s \| up B\/client\/round \| backend \|/,
    );
    expect(lines).toHaveLength(2 + 2 + 4 + 2 + 1);
    expect(lines.find((l) => l.startsWith('| killed |'))).toMatch(/\| interrupted \|/);
    expect(r.stderr).toContain(`fedrank: warning: ${notARun}: no run found`);
    expect(r.stderr).toMatch(/killed\/metrics\.jsonl:3: incomplete last line/);
    expect(r.stderr).toContain(`report of 9 run(s): ${join(out, 'report.html')}`);
    expect(readFileSync(join(out, 'summary.md'), 'utf8')).toBe(r.stdout);
    for (const chart of ['accuracy', 'robustness-final-accuracy', 'robustness-attack-impact', 'communication', 'monitors']) {
      expect(existsSync(join(out, `${chart}.svg`))).toBe(true);
      expect(
        readFileSync(join(out, `${chart}.png`))
          .subarray(1, 4)
          .toString(),
      ).toBe('PNG');
    }
  });

  it('exits 2 with one line when there is no run (in-process tests cover a taken --out)', async () => {
    const none = await runCli(['report', join(fx.broken, 'not-a-run'), '--out', join(fx.root, 'never')]);
    expect(none.status).toBe(2);
    expect(none.stderr.trim().split('\n').at(-1)).toMatch(/^fedrank: no run to report in .*not-a-run/);
    expect(existsSync(join(fx.root, 'never'))).toBe(false);
  });

  it('opens in a headless browser with networking off: every chart drawn, no error, nothing fetched', async () => {
    const page = join(out, 'report.html');
    expect(existsSync(page)).toBe(true);
    const context = await launchOfflineChromium();
    try {
      const tab = await context.newPage();
      const requests: string[] = [];
      const failed: string[] = [];
      const errors: string[] = [];
      tab.on('request', (q) => requests.push(q.url()));
      tab.on('requestfailed', (q) => failed.push(q.url()));
      tab.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') errors.push(m.text());
      });
      tab.on('pageerror', (e) => errors.push(String(e)));
      await tab.goto(pathToFileURL(page).href, { waitUntil: 'load' });

      const charts = await tab.$$eval('figure.chart', (figures: PageElement[]) =>
        figures.map((f) => ({
          file: f.getAttribute('data-file'),
          marks: f.querySelectorAll('svg g.role-mark path, svg g.role-mark line, svg g.role-mark text').length,
        })),
      );
      expect(charts.map((c) => c.file)).toEqual([
        'accuracy',
        'robustness-final-accuracy',
        'robustness-attack-impact',
        'communication',
        'monitors',
      ]);
      for (const c of charts) expect(c.marks, c.file ?? '').toBeGreaterThan(0);
      // The toggle: the final-accuracy panel shows first; the attack-impact one after a click.
      const visible = async (): Promise<string[]> =>
        (
          await tab.$$eval('figure.chart', (fs: PageElement[]) =>
            fs.filter((f) => f.getBoundingClientRect().height > 0).map((f) => f.getAttribute('data-file')),
          )
        ).filter((f): f is string => f !== null);
      expect(await visible()).not.toContain('robustness-attack-impact');
      mkdirSync(artifacts, { recursive: true });
      await tab.screenshot({ path: join(artifacts, 'report.png'), fullPage: true });
      await tab.click('text=attack impact');
      expect(await visible()).toContain('robustness-attack-impact');
      expect(await visible()).not.toContain('robustness-final-accuracy');
      await tab.screenshot({ path: join(artifacts, 'report-attack-impact.png'), fullPage: true });
      // Inlined SVGs must not share ids (clip paths, gradients) or one chart would clip another.
      const ids = await tab.$$eval('[id]', (els: PageElement[]) => els.map((e) => e.id));
      expect(new Set(ids).size).toBe(ids.length);
      expect(await tab.$$eval('#summary-table tbody tr', (rows: PageElement[]) => rows.length)).toBe(9);

      expect(errors).toEqual([]);
      expect(failed).toEqual([]);
      expect(requests).toEqual([pathToFileURL(page).href]);
    } finally {
      await context.close();
    }
  });
});
