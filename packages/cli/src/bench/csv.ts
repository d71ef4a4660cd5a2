/**
 * results.csv: the seven contract columns first, in this order, then extra columns at the end.
 * Missing values are empty fields; fields with commas, quotes or newlines are quoted (RFC 4180).
 */
import type { ResultRow } from './results.js';

export const RESULT_COLUMNS = ['aggregator', 'attack', 'fraction', 'seed', 'finalAccuracy', 'bestAccuracy', 'attackImpact'] as const;
export const EXTRA_COLUMNS = [
  'rounds',
  'completedRounds',
  'wallSeconds',
  'rejectedUpdates',
  'maliciousClients',
  'status',
  'cell',
  'note',
] as const;

type Column = (typeof RESULT_COLUMNS)[number] | (typeof EXTRA_COLUMNS)[number];

export function csvField(value: string | number | null | undefined): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function toCsv(rows: readonly ResultRow[]): string {
  const columns: readonly Column[] = [...RESULT_COLUMNS, ...EXTRA_COLUMNS];
  const lines = [columns.join(',')];
  for (const r of rows) {
    const cells = columns.map((c) =>
      c === 'wallSeconds' && r.wallSeconds !== undefined ? csvField(Number(r.wallSeconds.toFixed(3))) : csvField(r[c]),
    );
    lines.push(cells.join(','));
  }
  return lines.join('\n') + '\n';
}
