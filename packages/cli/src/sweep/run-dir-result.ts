/**
 * What a finished run directory says: summary.json plus totals over metrics.jsonl.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { finishedRun } from '../run-experiment.js';

export interface RunDirResult {
  readonly finalAccuracy: number;
  readonly bestAccuracy: number;
  readonly rounds: number;
  readonly completedRounds: number;
  readonly wallSeconds: number;
  readonly interrupted: boolean;
  /** Sum over the logged (evaluated) rounds; undefined when the metrics do not carry it. */
  readonly rejectedUpdates?: number;
  /** Mean per logged round; undefined when the metrics do not carry it. */
  readonly maliciousClients?: number;
}

const num = (v: unknown): number => (typeof v === 'number' ? v : Number.NaN);

/** Reads `dir`'s summary.json and metrics.jsonl; throws when summary.json is missing or broken. */
export function readRunDirResult(dir: string): RunDirResult {
  const s = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as Record<string, unknown>;
  let rejected: number | undefined;
  let malicious = 0;
  let maliciousRounds = 0;
  let metrics = '';
  try {
    metrics = readFileSync(join(dir, 'metrics.jsonl'), 'utf8');
  } catch {
    // no metrics: totals stay undefined
  }
  for (const line of metrics.split('\n')) {
    if (!line.trim()) continue;
    let m: Record<string, unknown>;
    try {
      m = JSON.parse(line) as Record<string, unknown>;
    } catch {
      continue;
    }
    if (typeof m.rejectedUpdates === 'number') rejected = (rejected ?? 0) + m.rejectedUpdates;
    if (typeof m.maliciousClients === 'number') {
      malicious += m.maliciousClients;
      maliciousRounds++;
    }
  }
  return {
    finalAccuracy: num(s.finalAccuracy),
    bestAccuracy: num(s.bestAccuracy),
    rounds: num(s.rounds),
    completedRounds: num(s.completedRounds),
    wallSeconds: num(s.wallSeconds),
    interrupted: s.interrupted !== false,
    rejectedUpdates: rejected,
    maliciousClients: maliciousRounds > 0 ? malicious / maliciousRounds : undefined,
  };
}

/** True when `dir` holds a finished run (see finishedRun in run-experiment.ts). */
export function isFinishedRun(dir: string): boolean {
  return finishedRun(dir) !== undefined;
}
