/**
 * results.md: one row per (aggregator, attack) as the matrix lists them, one column per malicious
 * fraction; a cell holds the mean final accuracy over seeds and, for attacked cells, the mean
 * attack impact in parentheses. Then the cells that were skipped or failed, with their reasons.
 */
import type { RequestedCell } from './cells.js';
import type { CellStatus, ResultRow } from './results.js';

export interface MarkdownOptions {
  readonly title?: string;
  /** Lines under the title (the matrix file, rounds, ...). */
  readonly notes?: readonly string[];
}

export function percent(fraction: number): string {
  return `${Number((fraction * 100).toFixed(6))}%`;
}

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const signed = (x: number): string => `${x >= 0 ? '+' : '-'}${Math.abs(x).toFixed(4)}`;

/** Worst first: what a table cell shows when none of its seeds finished. */
const STATUS_ORDER: readonly CellStatus[] = ['failed', 'skipped', 'interrupted', 'pending'];

function tableCell(rows: readonly ResultRow[]): string {
  if (rows.length === 0) return '';
  const done = rows.filter((r) => r.status === 'done' && r.finalAccuracy !== undefined && Number.isFinite(r.finalAccuracy));
  if (done.length === 0) return STATUS_ORDER.find((s) => rows.some((r) => r.status === s)) ?? 'n/a';
  let text = mean(done.map((r) => r.finalAccuracy as number)).toFixed(4);
  const baseline = rows.every((r) => r.attack === 'none');
  const impacts = done.map((r) => r.attackImpact).filter((x): x is number => x !== undefined);
  if (!baseline) text += impacts.length > 0 ? ` (${signed(mean(impacts))})` : ' (no baseline)';
  if (done.length < rows.length) text += ` [${done.length}/${rows.length} seeds]`;
  return text;
}

function escape(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function problems(rows: readonly ResultRow[], status: 'skipped' | 'failed'): string[] {
  const groups = new Map<string, { head: string; note: string; where: string[] }>();
  for (const r of rows) {
    if (r.status !== status) continue;
    const head = `${r.aggregator} / ${r.attack}`;
    const note = r.note ?? '';
    const k = JSON.stringify([head, note]);
    const g = groups.get(k) ?? { head, note, where: [] };
    g.where.push(status === 'failed' ? `cells/${r.cell}` : `${percent(r.fraction)} seed ${r.seed ?? 'base'}`);
    groups.set(k, g);
  }
  return [...groups.values()].map((g) => `- ${escape(g.head)} (${g.where.join(', ')})${g.note ? `: ${escape(g.note)}` : ''}`);
}

export function toMarkdown(requested: readonly RequestedCell[], rows: readonly ResultRow[], options: MarkdownOptions = {}): string {
  const byCell = new Map(rows.map((r) => [r.cell, r]));
  const fractions = [...new Set(requested.map((q) => q.fraction))].sort((a, b) => a - b);
  const lineKeys: string[] = [];
  const points = new Map<string, RequestedCell[]>();
  for (const q of requested) {
    const k = JSON.stringify([q.aggregator, q.attack, q.fraction]);
    const line = JSON.stringify([q.aggregator, q.attack]);
    if (!lineKeys.includes(line)) lineKeys.push(line);
    const list = points.get(k) ?? [];
    if (!list.some((p) => p.cellId === q.cellId)) list.push(q);
    points.set(k, list);
  }
  const out: string[] = [];
  if (options.title) out.push(`## ${options.title}`, '');
  for (const n of options.notes ?? []) out.push(n);
  if (options.notes?.length) out.push('');
  out.push(
    'Mean final accuracy over seeds; in parentheses the mean attack impact (the no-attack baseline of the same aggregator and seed minus the attacked accuracy; positive: the attack hurt). Columns: fraction of malicious clients.',
    '',
  );
  out.push(`| aggregator | attack | ${fractions.map(percent).join(' | ')} |`);
  out.push(`| --- | --- | ${fractions.map(() => '---:').join(' | ')} |`);
  for (const line of lineKeys) {
    const [aggregator, attack] = JSON.parse(line) as [string, string];
    const rowsAt = fractions.map((f) =>
      (points.get(JSON.stringify([aggregator, attack, f])) ?? [])
        .map((q) => byCell.get(q.cellId))
        .filter((r): r is ResultRow => r !== undefined),
    );
    // A pair the config rejects outright (only its baseline ran) is listed under Skipped instead.
    const attacked = rowsAt.flat().filter((r) => r.attack !== 'none');
    if (attacked.length > 0 && attacked.every((r) => r.status === 'skipped')) continue;
    const cells = rowsAt.map(tableCell);
    out.push(`| ${escape(aggregator)} | ${escape(attack)} | ${cells.join(' | ')} |`);
  }
  const skipped = problems(rows, 'skipped');
  if (skipped.length > 0) out.push('', 'Skipped (the run config rejects them):', '', ...skipped);
  const failed = problems(rows, 'failed');
  if (failed.length > 0) out.push('', 'Failed (see bench-output.log in the cell directory):', '', ...failed);
  return out.join('\n') + '\n';
}
