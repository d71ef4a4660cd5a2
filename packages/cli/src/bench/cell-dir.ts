/**
 * A cell's directory under `<out>/cells/<id>/` is the `--out` of its `fedrank run`, plus
 * `bench-cell.json` (what the bench asked for) and `bench-output.log` (the run's stdout/stderr).
 * Resuming: a directory whose summary.json says `interrupted: false` is finished and kept; one
 * without it (killed, crashed, Ctrl-C) is partial and is cleaned before the cell runs again.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const STAMP_FILE = 'bench-cell.json';
export const OUTPUT_FILE = 'bench-output.log';

/** What the bench ran in a cell: the overrides and the whole config input they gave. */
export interface CellStamp {
  readonly id: string;
  readonly base: string;
  readonly overrides: readonly string[];
  /** The base config with the overrides applied, before validation and defaults. */
  readonly input: unknown;
}

export type CellDirState =
  | { readonly kind: 'absent' }
  | { readonly kind: 'partial' }
  | { readonly kind: 'finished' }
  /** Finished, but with another config input than this matrix gives now (the first differing field). */
  | { readonly kind: 'stale'; readonly field: string };

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as unknown;
  } catch {
    return undefined;
  }
}

/** The first key path where two JSON values differ ('' for the roots), or undefined if equal. */
export function firstDifference(a: unknown, b: unknown, path = ''): string | undefined {
  if (a === b) return undefined;
  const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object';
  if (!isObj(a) || !isObj(b) || Array.isArray(a) !== Array.isArray(b)) return path || '(root)';
  if (Array.isArray(a) && Array.isArray(b) && a.length !== b.length) return path || '(root)';
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of [...keys].sort()) {
    const d = firstDifference(a[k], b[k], path ? `${path}.${k}` : k);
    if (d !== undefined) return d;
  }
  return undefined;
}

export function isFinishedRun(dir: string): boolean {
  const summary = readJson(join(dir, 'summary.json'));
  return summary !== null && typeof summary === 'object' && (summary as { interrupted?: unknown }).interrupted === false;
}

export function inspectCellDir(dir: string, input: unknown): CellDirState {
  if (!existsSync(dir)) return { kind: 'absent' };
  if (!isFinishedRun(dir)) return { kind: 'partial' };
  const stamp = readJson(join(dir, STAMP_FILE)) as Partial<CellStamp> | undefined;
  // A finished run without a stamp (copied in by hand) is trusted as it is.
  if (!stamp || !('input' in stamp)) return { kind: 'finished' };
  const field = firstDifference(JSON.parse(JSON.stringify(stamp.input)), JSON.parse(JSON.stringify(input)));
  return field === undefined ? { kind: 'finished' } : { kind: 'stale', field };
}

/** Empties the cell directory and writes its stamp, ready for `fedrank run --out`. */
export function prepareCellDir(dir: string, stamp: CellStamp): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, STAMP_FILE), JSON.stringify(stamp, null, 2) + '\n');
}
