/**
 * `fedrank report DIRS... --out DIR`: finds the runs under the named directories, loads them,
 * draws the charts that apply (accuracy always; the robustness heatmap when the runs differ in
 * attack or malicious fraction; communication when the runs logged bytes; the label-free monitors
 * for post-training runs), and writes report.html, each chart as SVG and PNG, and summary.md.
 * Directories that are not runs, and runs that cannot be read, are skipped with a warning; no
 * run at all is an error (exit 2). The output directory is checked before any chart is drawn.
 */
import { resolve } from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import { CliError } from '../user-error.js';
import { accuracySpec } from './accuracy-chart.js';
import { communicationSpec, hasCommunication } from './communication-chart.js';
import { discoverRuns, CONFIG_FILE, METRICS_FILE } from './discover-runs.js';
import { reportHtml, type ChartPanel, type ReportSection } from './html-report.js';
import { loadRun, type LoadedRun } from './load-run.js';
import { isPostTrainingRun, monitorsSpec } from './monitors-chart.js';
import { checkOutputDir, writeReportFiles } from './output-dir.js';
import { renderChart } from './render-chart.js';
import { heatmapSpec, isRobustnessMatrix, robustnessHeatmap } from './robustness-heatmap.js';
import { buildRunSet } from './run-set.js';
import { summaryMarkdown, summaryTable } from './summary-table.js';

export const REPORT_PAGE = 'report.html';
export const SUMMARY_MD = 'summary.md';

export interface ReportOptions {
  readonly paths: readonly string[];
  readonly outDir: string;
  /** Called with each warning as it arises (also collected in the result). */
  readonly onWarning?: (line: string) => void;
}

export interface ReportResult {
  readonly outDir: string;
  readonly page: string;
  readonly markdown: string;
  readonly warnings: readonly string[];
  readonly runs: number;
  /** Every file written, absolute. */
  readonly files: readonly string[];
}

interface PlannedSection {
  readonly id: string;
  readonly title: string;
  readonly caption: string;
  readonly panels: readonly { file: string; label: string; spec: TopLevelSpec }[];
}

export async function buildReport(options: ReportOptions): Promise<ReportResult> {
  const outDir = resolve(options.outDir);
  const warnings: string[] = [];
  const warn = (line: string): void => {
    warnings.push(line);
    options.onWarning?.(line);
  };
  checkOutputDir(outDir);

  const found = discoverRuns(options.paths);
  found.warnings.forEach(warn);
  const loaded: LoadedRun[] = [];
  for (const dir of found.runs) {
    const result = loadRun(dir);
    if (!result.ok) {
      warn(`${result.reason}; run skipped`);
      continue;
    }
    result.run.notes.forEach(warn);
    loaded.push(result.run);
  }
  if (loaded.length === 0) {
    throw new CliError(
      `no run to report in ${options.paths.join(', ')} (a run directory holds ${METRICS_FILE} and ${CONFIG_FILE})`,
      'runs',
    );
  }
  const set = buildRunSet(loaded);
  const interrupted = set.runs.filter((r) => r.interrupted).length;

  const planned: PlannedSection[] = [
    {
      id: 'accuracy',
      title: 'Test accuracy',
      caption:
        set.seriesKeys.length > 0
          ? `One line per ${set.seriesTitle}; runs differing only in seed are averaged.`
          : 'Runs differing only in seed are averaged.',
      panels: [{ file: 'accuracy', label: 'accuracy', spec: accuracySpec(set) }],
    },
  ];
  if (isRobustnessMatrix(set)) {
    const heatmap = robustnessHeatmap(set);
    if (heatmap.cells.length > 0) {
      planned.push({
        id: 'robustness',
        title: 'Robustness: aggregator x attack',
        caption: `One panel per malicious fraction; attack impact = no-attack baseline (same aggregator and seed) minus attacked final accuracy.${heatmap.leftOut > 0 ? ` ${heatmap.leftOut} interrupted run(s) left out.` : ''}`,
        panels: [
          { file: 'robustness-final-accuracy', label: 'final accuracy', spec: heatmapSpec(heatmap, 'finalAccuracy') },
          { file: 'robustness-attack-impact', label: 'attack impact', spec: heatmapSpec(heatmap, 'attackImpact') },
        ],
      });
    }
  }
  if (hasCommunication(set)) {
    planned.push({
      id: 'communication',
      title: 'Communication',
      caption: 'Dashed lines: the float32 size of the model, and for ranking uploads the log2(n!) information bound.',
      panels: [{ file: 'communication', label: 'communication', spec: communicationSpec(set) }],
    });
  }
  if (set.runs.some(isPostTrainingRun)) {
    planned.push({
      id: 'monitors',
      title: 'Post-training monitors',
      caption: 'Agreement, entropy and class balance are computed without labels; test accuracy is reported, never used.',
      panels: [{ file: 'monitors', label: 'monitors', spec: monitorsSpec(set) }],
    });
  }

  const files = new Map<string, string | Buffer>();
  const sections: ReportSection[] = [];
  for (const s of planned) {
    const panels: ChartPanel[] = [];
    for (const p of s.panels) {
      const chart = await renderChart(p.spec);
      files.set(`${p.file}.svg`, chart.svg);
      files.set(`${p.file}.png`, chart.png);
      panels.push({ file: p.file, label: p.label, svg: chart.svg });
    }
    sections.push({ id: s.id, title: s.title, caption: s.caption, panels });
  }
  const table = summaryTable(set);
  const markdown = summaryMarkdown(table);
  const intro = [
    `${set.runs.length} run(s)${interrupted > 0 ? `, ${interrupted} interrupted` : ''}, from ${options.paths.join(', ')}.`,
    set.varying.length > 0
      ? `Config values that differ between runs: ${set.varying.map((k) => (set.names.get(k) === k ? k : `${set.names.get(k)} (${k})`)).join(', ')}.`
      : 'The runs share one config.',
  ];
  files.set(REPORT_PAGE, reportHtml({ title: 'fedrank report', intro, warnings, sections, table }));
  files.set(SUMMARY_MD, markdown);
  const written = writeReportFiles(outDir, files);
  return { outDir, page: resolve(outDir, REPORT_PAGE), markdown, warnings, runs: set.runs.length, files: written };
}
