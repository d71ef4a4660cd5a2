/**
 * The report's pieces on small real runs (testing/report-fixtures.ts): discovery, loading,
 * config differences, series, the heatmap's numbers, the summary table, the chart specs as
 * rendered SVG, and buildReport's files, warnings and refusals.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildReportFixtures, MATRIX_RULES, MATRIX_SEEDS, type ReportFixtures } from '../testing/report-fixtures.js';
import { markItems } from '../testing/svg-marks.js';
import { accuracyPoints, accuracySpec } from './accuracy-chart.js';
import { buildReport } from './build-report.js';
import { communicationSpec, referenceLines } from './communication-chart.js';
import { discoverRuns } from './discover-runs.js';
import { loadRun } from './load-run.js';
import { monitorsSpec } from './monitors-chart.js';
import { MANIFEST_FILE } from './output-dir.js';
import { chartSvg } from './render-chart.js';
import { heatmapSpec, robustnessHeatmap } from './robustness-heatmap.js';
import { buildRunSet, type RunSet } from './run-set.js';
import { summaryMarkdown, summaryTable } from './summary-table.js';

let fx: ReportFixtures;
beforeAll(async () => {
  fx = await buildReportFixtures(mkdtempSync(join(tmpdir(), 'fedrank-report-')));
});

const json = (path: string): Record<string, number> => JSON.parse(readFileSync(path, 'utf8')) as Record<string, number>;
const metrics = (dir: string): { round: number; accuracy: number }[] =>
  readFileSync(join(dir, 'metrics.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { round: number; accuracy: number });

function loadAll(paths: string[]): RunSet {
  const runs = discoverRuns(paths).runs.map((d) => loadRun(d));
  return buildRunSet(runs.flatMap((r) => (r.ok ? [r.run] : [])));
}

const cellDir = (aggregator: string, attack: string, fraction: number, seed: number): string =>
  join(fx.matrix, 'cells', `${aggregator}--${attack}--f${fraction}--s${seed}`);

describe('discoverRuns', () => {
  it('finds runs in run, sweep-like and bench directories, and warns about paths with none', () => {
    const found = discoverRuns([join(fx.pair, 'frl'), fx.matrix, join(fx.broken, 'not-a-run'), join(fx.root, 'nope')]);
    // Named paths in order; a directory's entries sorted by name.
    expect(found.runs.map((r) => r.slice(fx.root.length + 1))).toEqual([
      'pair/frl',
      'matrix/cells/fedavg--none--f0--s1',
      'matrix/cells/fedavg--none--f0--s2',
      'matrix/cells/fedavg--scaling--f0.25--s1',
      'matrix/cells/fedavg--scaling--f0.25--s2',
      'matrix/cells/frl-vote--none--f0--s1',
      'matrix/cells/frl-vote--none--f0--s2',
      'matrix/cells/frl-vote--rank-reversal--f0.25--s1',
      'matrix/cells/frl-vote--rank-reversal--f0.25--s2',
    ]);
    expect(found.warnings).toHaveLength(2);
    expect(found.warnings[0]).toMatch(/not-a-run: no run found/);
    expect(found.warnings[1]).toMatch(/nope: not found/);
  });

  it('stops at the depth limit, follows a symlink loop once, and lists a run named twice once', () => {
    expect(discoverRuns([fx.matrix], { maxDepth: 1 }).runs).toEqual([]);
    const loop = mkdtempSync(join(tmpdir(), 'fedrank-report-loop-'));
    mkdirSync(join(loop, 'a'));
    symlinkSync(loop, join(loop, 'a', 'back'));
    symlinkSync(join(fx.pair, 'frl'), join(loop, 'a', 'run'));
    const found = discoverRuns([loop, join(fx.pair, 'frl')], { maxDepth: 10 });
    expect(found.runs).toEqual([join(loop, 'a', 'run')]);
    expect(found.warnings).toEqual([]);
  });
});

describe('loadRun', () => {
  it('reads a finished run', () => {
    const r = loadRun(join(fx.pair, 'frl'));
    if (!r.ok) throw new Error(r.reason);
    expect(r.run.interrupted).toBe(false);
    expect(r.run.rounds.map((x) => x.round)).toEqual([0, 1, 2]);
    expect(r.run.backend).toBe('wasm');
    expect(r.run.plannedRounds).toBe(3);
    expect((r.run.config.aggregator as { kind: string }).kind).toBe('frl-vote');
  });

  it('marks stopped and killed runs interrupted, dropping a cut-short last line with a note', () => {
    const stopped = loadRun(join(fx.broken, 'stopped'));
    const killed = loadRun(join(fx.broken, 'killed'));
    if (!stopped.ok || !killed.ok) throw new Error('expected both to load');
    expect(stopped.run.interrupted).toBe(true);
    expect(stopped.run.rounds).toHaveLength(1);
    expect(killed.run.interrupted).toBe(true);
    expect(killed.run.summary).toBeUndefined();
    expect(killed.run.rounds).toHaveLength(2);
    expect(killed.run.backend).toBe('wasm'); // from run.log
    expect(killed.run.notes).toEqual([expect.stringMatching(/killed\/metrics\.jsonl:3: incomplete last line/)]);
  });

  it('refuses a run with no evaluated round or an unreadable line, naming the file', () => {
    const empty = loadRun(join(fx.broken, 'empty'));
    const bad = loadRun(join(fx.broken, 'bad-line'));
    expect(empty.ok || empty.reason).toMatch(/broken\/empty: no evaluated round/);
    expect(bad.ok || bad.reason).toMatch(/bad-line\/metrics\.jsonl:2: accuracy: .*number/);
  });
});

describe('run set, series and charts', () => {
  it('finds what differs between FRL and FedAvg and names a series by the aggregator', () => {
    const set = loadAll([fx.pair]);
    expect(set.varying).toEqual(['training.lr', 'aggregator.kind']);
    expect(set.labelKeys).toEqual(['aggregator.kind']);
    expect(set.runs.map((r) => [r.label, r.series])).toEqual([
      ['fedavg', 'aggregator=fedavg'],
      ['frl', 'aggregator=frl-vote'],
    ]);
  });

  it('puts runs of one config in one series, marked when some were interrupted', () => {
    const set = loadAll([join(fx.pair, 'frl'), join(fx.broken, 'killed')]);
    expect(set.varying).toEqual([]);
    expect(set.runs.map((r) => r.series)).toEqual(['frl (1/2 interrupted)', 'frl (1/2 interrupted)']);
    const [first, second, third] = accuracyPoints(set);
    expect([first.runs, second.runs, third.runs]).toEqual([2, 2, 1]); // killed lost its last round
  });

  it('averages seeds: mean, lowest and highest accuracy per round', () => {
    const set = loadAll([fx.matrix]);
    expect(set.varying).toEqual(['seed', 'training.lr', 'aggregator.kind', 'attack.kind', 'attack.fraction']);
    const points = accuracyPoints(set).filter((p) => p.series === 'aggregator=fedavg, attack=scaling');
    const seeds = MATRIX_SEEDS.map((s) => metrics(cellDir('fedavg', 'scaling', 0.25, s)));
    expect(points.map((p) => p.round)).toEqual([0, 1]);
    for (const p of points) {
      const xs = seeds.map((m) => m[p.round].accuracy);
      expect(p.runs).toBe(2);
      expect(p.mean).toBeCloseTo((xs[0] + xs[1]) / 2, 12);
      expect([p.lo, p.hi]).toEqual([Math.min(...xs), Math.max(...xs)]);
    }
  });

  it('computes the heatmap: final accuracy and attack impact against the same seed baseline', () => {
    const heatmap = robustnessHeatmap(loadAll([fx.matrix]));
    expect(heatmap.cells).toHaveLength(4);
    for (const { aggregator, attack } of MATRIX_RULES) {
      const finals = MATRIX_SEEDS.map((s) => json(join(cellDir(aggregator, attack, 0.25, s), 'summary.json')).finalAccuracy);
      const bases = MATRIX_SEEDS.map((s) => json(join(cellDir(aggregator, 'none', 0, s), 'summary.json')).finalAccuracy);
      const cell = heatmap.cells.find((c) => c.aggregator === aggregator && c.attack === attack);
      const base = heatmap.cells.find((c) => c.aggregator === aggregator && c.attack === 'none');
      expect(cell?.fraction).toBe(0.25);
      expect(cell?.seeds).toBe(2);
      expect(cell?.finalAccuracy).toBeCloseTo((finals[0] + finals[1]) / 2, 12);
      expect(cell?.attackImpact).toBeCloseTo((bases[0] - finals[0] + bases[1] - finals[1]) / 2, 10);
      expect(base?.fraction).toBe(0);
      expect(base?.attackImpact).toBe(0);
    }
  });

  it('renders every chart with its marks', async () => {
    const all = loadAll([fx.pair, fx.matrix, fx.post]);
    const accuracy = await chartSvg(accuracySpec(loadAll([fx.matrix])));
    expect(markItems(accuracy, 'line')).toBe(4); // one line per (aggregator, attack)
    expect(markItems(accuracy, 'area')).toBe(4); // and its band over 2 seeds
    const heatmap = robustnessHeatmap(loadAll([fx.matrix]));
    for (const measure of ['finalAccuracy', 'attackImpact'] as const) {
      const svg = await chartSvg(heatmapSpec(heatmap, measure));
      expect(markItems(svg, 'rect')).toBe(4);
      expect(markItems(svg, 'text')).toBe(4);
    }
    const comm = await chartSvg(communicationSpec(all));
    expect(markItems(comm, 'line')).toBe(2 * all.runs.length); // per round and cumulative
    const refs = referenceLines(all).map((r) => r.reference);
    expect(new Set(refs)).toEqual(new Set(['float32 model', 'log2(n!) bound']));
    expect(markItems(comm, 'rule')).toBe(refs.length);
    expect(comm).toMatch(/log2\(n!\) bound/);
    const monitors = await chartSvg(monitorsSpec(all));
    expect(markItems(monitors, 'line')).toBe(4); // one post-training run, 4 panels
  });

  it('tabulates every run with its differing config values', () => {
    const table = summaryTable(loadAll([fx.pair, join(fx.broken, 'stopped')]));
    expect(table.header).toEqual([
      'run',
      'status',
      'final acc',
      'best acc (round)',
      'rounds',
      'wall s',
      'up B/client/round',
      'backend',
      'lr',
      'aggregator',
    ]);
    const frl = json(join(fx.pair, 'frl', 'summary.json'));
    const rows = Object.fromEntries(table.rows.map((r) => [r[0], r]));
    expect(rows.frl.slice(0, 5)).toEqual([
      'frl',
      'finished',
      frl.finalAccuracy.toFixed(4),
      `${frl.bestAccuracy.toFixed(4)} (${frl.bestRound})`,
      '3/3',
    ]);
    expect(rows.stopped.slice(1, 5)).toEqual(['interrupted', expect.any(String), expect.any(String), '1/3']);
    const md = summaryMarkdown(table).split('\n');
    expect(md[0]).toBe(`| ${table.header.join(' | ')} |`);
    expect(md).toHaveLength(2 + 3 + 1);
  });
});

describe('buildReport', () => {
  it('writes the page, the charts as SVG and PNG, and the summary; warns about what it skips', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'fedrank-report-out-')), 'report');
    const warnings: string[] = [];
    const result = await buildReport({ paths: [fx.pair, fx.matrix, fx.post, fx.broken], outDir: out, onWarning: (w) => warnings.push(w) });
    expect(result.runs).toBe(2 + 8 + 2 + 2); // stopped and killed are reported as interrupted
    expect(warnings).toEqual([
      expect.stringMatching(/bad-line\/metrics\.jsonl:2: .*run skipped/),
      expect.stringMatching(/broken\/empty: no evaluated round.*run skipped/),
      expect.stringMatching(/killed\/metrics\.jsonl:3: incomplete last line/),
    ]);
    const charts = ['accuracy', 'robustness-final-accuracy', 'robustness-attack-impact', 'communication', 'monitors'];
    expect(readdirSync(out).sort()).toEqual(
      [...charts.flatMap((c) => [`${c}.svg`, `${c}.png`]), 'report.html', 'summary.md', MANIFEST_FILE].sort(),
    );
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).not.toMatch(/<script|(src|href)="https?:|url\((?!#)/);
    for (const c of charts) expect(html).toContain(readFileSync(join(out, `${c}.svg`), 'utf8'));
    expect(readFileSync(join(out, 'summary.md'), 'utf8')).toBe(result.markdown);
    expect(html).toContain('interrupted');
    // Rebuilding into its own report is allowed; charts that no longer apply are removed.
    await buildReport({ paths: [fx.pair], outDir: out });
    expect(existsSync(join(out, 'monitors.png'))).toBe(false);
    expect(existsSync(join(out, 'robustness-attack-impact.svg'))).toBe(false);
    expect(existsSync(join(out, 'accuracy.png'))).toBe(true);
  });

  it('never writes over a file it did not write, and needs at least one run', async () => {
    const out = mkdtempSync(join(tmpdir(), 'fedrank-report-mine-'));
    writeFileSync(join(out, 'notes.md'), 'mine\n');
    const taken = await buildReport({ paths: [fx.pair], outDir: out }).catch((e: unknown) => e);
    expect(taken).toMatchObject({ exitCode: 2 });
    expect(String(taken)).toMatch(/holds files fedrank report did not write \(notes\.md\)/);
    expect(readdirSync(out)).toEqual(['notes.md']);
    const fresh = join(out, 'new');
    const none = await buildReport({ paths: [join(fx.broken, 'not-a-run'), join(fx.broken, 'empty')], outDir: fresh }).catch(
      (e: unknown) => e,
    );
    expect(none).toMatchObject({ exitCode: 2 });
    expect(String(none)).toMatch(/no run to report in .*not-a-run/);
    expect(existsSync(fresh)).toBe(false);
  });
});
