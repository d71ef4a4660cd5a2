/**
 * A cell's directory under `<out>/cells/<id>/` is a run directory (see run-experiment.ts) plus
 * `job.json` (what the bench asked for: the config, the overrides and the config input they
 * gave) and `bench-output.log` (the run's stdout/stderr).
 * Resuming: a directory whose summary.json says `interrupted: false` is finished and kept; one
 * without it (killed, crashed, Ctrl-C) is partial and is resumed; a finished one whose job.json
 * holds another config input than the matrix gives now is stale, and is removed before it reruns.
 */
import { existsSync, rmSync } from 'node:fs';
import { firstDifference } from '../json-difference.js';
import { JOB_FILE, readJobFile } from '../sweep/job-file.js';
import { isFinishedRun } from '../sweep/run-dir-result.js';

export { firstDifference, isFinishedRun };

export const STAMP_FILE = JOB_FILE;
export const OUTPUT_FILE = 'bench-output.log';

/** What the bench ran in a cell: the overrides and the whole config input they gave (plus job.json's config). */
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

export function inspectCellDir(dir: string, input: unknown): CellDirState {
  if (!existsSync(dir)) return { kind: 'absent' };
  if (!isFinishedRun(dir)) return { kind: 'partial' };
  const stamp = readJobFile(dir) as Partial<CellStamp> | undefined;
  // A finished run without a stamp (copied in by hand) is trusted as it is.
  if (!stamp || !('input' in stamp)) return { kind: 'finished' };
  const field = firstDifference(JSON.parse(JSON.stringify(stamp.input)), JSON.parse(JSON.stringify(input)));
  return field === undefined ? { kind: 'finished' } : { kind: 'stale', field };
}

/** Removes a stale cell's directory (a finished run of another config) so that the cell runs afresh. */
export function clearStaleCellDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
