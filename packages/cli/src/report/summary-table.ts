/**
 * The summary table: one row per run with its final and best test accuracy, rounds, wall time,
 * upload bytes per client per round, backend, and the config values that differ between runs.
 * The same rows become the markdown printed on stdout and the HTML table of the report.
 */
import { formatConfigValue } from './config-diff.js';
import { finalAccuracy, type ReportRun, type RunSet } from './run-set.js';

export interface SummaryTable {
  readonly header: readonly string[];
  /** Columns holding numbers (right-aligned). */
  readonly numeric: readonly boolean[];
  readonly rows: readonly (readonly string[])[];
}

function best(run: ReportRun): { accuracy: number; round: number } {
  if (run.summary?.bestAccuracy !== undefined && run.summary.bestRound !== undefined) {
    return { accuracy: run.summary.bestAccuracy, round: run.summary.bestRound };
  }
  let top = run.rounds[0];
  for (const r of run.rounds) if (r.accuracy > top.accuracy) top = r;
  return { accuracy: top.accuracy, round: top.round };
}

function wallSeconds(run: ReportRun): number | undefined {
  if (run.summary?.wallSeconds !== undefined) return run.summary.wallSeconds;
  const seconds = run.rounds.map((r) => r.seconds).filter((s): s is number => s !== undefined);
  return seconds.length > 0 ? seconds.reduce((a, b) => a + b, 0) : undefined;
}

/** Mean upload bytes per participating client per round (summary.json, else the metrics lines). */
export function uploadPerClientRound(run: ReportRun): number | undefined {
  const fromSummary = run.summary?.communication?.uploadBytesPerClientRound;
  if (fromSummary !== undefined) return fromSummary;
  let bytes = 0;
  let clients = 0;
  for (const r of run.rounds) {
    if (r.uploadBytes === undefined || r.clients === undefined) return undefined;
    bytes += r.uploadBytes;
    clients += r.clients;
  }
  return clients > 0 ? bytes / clients : undefined;
}

function completedRounds(run: ReportRun): number {
  return run.summary?.completedRounds ?? run.rounds[run.rounds.length - 1].round + 1;
}

export function summaryTable(set: RunSet): SummaryTable {
  const header = ['run', 'status', 'final acc', 'best acc (round)', 'rounds', 'wall s', 'up B/client/round', 'backend'];
  const numeric = [false, false, true, true, true, true, true, false];
  for (const k of set.varying) {
    header.push(set.names.get(k) ?? k);
    numeric.push(false);
  }
  const rows = set.runs.map((run) => {
    const b = best(run);
    const wall = wallSeconds(run);
    const up = uploadPerClientRound(run);
    const planned = run.summary?.rounds ?? run.plannedRounds;
    return [
      run.label,
      run.interrupted ? 'interrupted' : 'finished',
      finalAccuracy(run).toFixed(4),
      `${b.accuracy.toFixed(4)} (${b.round})`,
      planned !== undefined ? `${completedRounds(run)}/${planned}` : String(completedRounds(run)),
      wall !== undefined ? wall.toFixed(1) : '-',
      up !== undefined ? Math.round(up).toLocaleString('en-US') : '-',
      run.backend,
      ...set.varying.map((k) => formatConfigValue(run.flat.get(k))),
    ];
  });
  return { header, numeric, rows };
}

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function summaryMarkdown(table: SummaryTable): string {
  const lines = [
    `| ${table.header.map(cell).join(' | ')} |`,
    `| ${table.numeric.map((n) => (n ? '---:' : '---')).join(' | ')} |`,
    ...table.rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
  ];
  return lines.join('\n') + '\n';
}
