/**
 * A sweep's results, one row per finished run, the same from local runs (results.csv in the
 * sweep's directory) and from the queue (`fedrank sweep --queue URL --collect` on stdout):
 *
 *   hash,<one column per axis key>,finalAccuracy,bestAccuracy,rounds,wallSeconds
 *
 * Axis values are written as they appear in the sweep file: scalars as they are, lists and
 * mappings as JSON (quoted per RFC 4180).
 */
import { csvField } from '../bench/csv.js';
import type { RunSummary } from '../run-experiment.js';

/** What a finished run reports (the return value of its queue job). */
export interface SweepRow {
  readonly hash: string;
  readonly finalAccuracy: number;
  readonly bestAccuracy: number;
  readonly rounds: number;
  readonly wallSeconds: number;
}

export function sweepRow(hash: string, summary: Pick<RunSummary, 'finalAccuracy' | 'bestAccuracy' | 'rounds' | 'wallSeconds'>): SweepRow {
  return {
    hash,
    finalAccuracy: summary.finalAccuracy,
    bestAccuracy: summary.bestAccuracy,
    rounds: summary.rounds,
    wallSeconds: summary.wallSeconds,
  };
}

function value(v: unknown): string {
  if (typeof v === 'number' || typeof v === 'string') return csvField(v);
  return csvField(JSON.stringify(v) ?? '');
}

/** The CSV text: header, then one line per row (`values[hash]` gives a row's axis values). */
export function sweepCsv(
  columns: readonly string[],
  rows: readonly SweepRow[],
  values: (hash: string) => Readonly<Record<string, unknown>>,
): string {
  const lines = [['hash', ...columns, 'finalAccuracy', 'bestAccuracy', 'rounds', 'wallSeconds'].map(csvField).join(',')];
  for (const r of rows) {
    const v = values(r.hash);
    lines.push(
      [
        r.hash,
        ...columns.map((c) => value(v[c])),
        csvField(r.finalAccuracy),
        csvField(r.bestAccuracy),
        csvField(r.rounds),
        csvField(Number(r.wallSeconds.toFixed(3))),
      ].join(','),
    );
  }
  return lines.join('\n') + '\n';
}
