/**
 * One result row per cell, with the attack impact: the final accuracy of the cell's baseline
 * (same aggregator, same seed, no attack) minus the cell's own (0 for the baseline itself,
 * undefined when the baseline did not finish).
 */
import type { Cell } from './cells.js';
import type { RunDirResult } from '../sweep/run-dir-result.js';

/** done: finished; skipped: the run config rejects the cell; failed: the run crashed; interrupted: stopped by Ctrl-C; pending: not run yet. */
export type CellStatus = 'done' | 'skipped' | 'failed' | 'interrupted' | 'pending';

export interface CellOutcome {
  readonly cell: Cell;
  readonly status: CellStatus;
  /** Present when status is 'done'. */
  readonly run?: RunDirResult;
  /** Why a cell was skipped or failed. */
  readonly note?: string;
}

export interface ResultRow {
  readonly aggregator: string;
  readonly attack: string;
  readonly fraction: number;
  readonly seed: number | null;
  readonly finalAccuracy?: number;
  readonly bestAccuracy?: number;
  readonly attackImpact?: number;
  readonly rounds?: number;
  readonly completedRounds?: number;
  readonly wallSeconds?: number;
  readonly rejectedUpdates?: number;
  readonly maliciousClients?: number;
  readonly status: CellStatus;
  readonly cell: string;
  readonly note?: string;
}

/** a - b without the float noise of the subtraction (accuracies are ratios of counts). */
function difference(a: number, b: number): number {
  return Number((a - b).toFixed(12));
}

export function resultRows(outcomes: readonly CellOutcome[]): ResultRow[] {
  const baselines = new Map<string, number>();
  const key = (c: Cell): string => JSON.stringify([c.aggregator, c.seed]);
  for (const o of outcomes) {
    if (o.cell.baseline && o.status === 'done' && o.run && Number.isFinite(o.run.finalAccuracy)) {
      baselines.set(key(o.cell), o.run.finalAccuracy);
    }
  }
  return outcomes.map((o) => {
    const { cell, run } = o;
    const done = o.status === 'done' && run !== undefined;
    const base = baselines.get(key(cell));
    const final = done ? run.finalAccuracy : undefined;
    let attackImpact: number | undefined;
    if (final !== undefined && Number.isFinite(final) && base !== undefined) attackImpact = cell.baseline ? 0 : difference(base, final);
    return {
      aggregator: cell.aggregator,
      attack: cell.attack,
      fraction: cell.fraction,
      seed: cell.seed,
      finalAccuracy: final,
      bestAccuracy: done ? run.bestAccuracy : undefined,
      attackImpact,
      rounds: done ? run.rounds : undefined,
      completedRounds: done ? run.completedRounds : undefined,
      wallSeconds: done ? run.wallSeconds : undefined,
      rejectedUpdates: done ? run.rejectedUpdates : undefined,
      maliciousClients: done ? run.maliciousClients : undefined,
      status: o.status,
      cell: cell.id,
      note: o.note,
    };
  });
}
