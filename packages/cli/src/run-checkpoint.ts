/**
 * Checkpoints of a run directory: `checkpoint.state` holds the run state (round index, global
 * model, the rule's state across rounds, metrics so far; see @fedrank/server's RunState) and the
 * wall time spent so far, stamped with the hash of the config that produced it. A run resumed
 * from it computes the same numbers as an uninterrupted one, because every random stream is
 * derived from the seed and the round index.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readRunStateFile, writeRunStateFile, type RunConfig, type RunState } from '@fedrank/server';
import { CliError } from './user-error.js';

export const CHECKPOINT_FILE = 'checkpoint.state';

/** Config keys that do not change a run's numbers, left out of its hash. */
const NOT_HASHED = new Set(['name', 'workers', 'checkpoint']);

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/** SHA-256 (hex) of the config's canonical JSON, without the keys that do not change its numbers. */
export function configHash(config: RunConfig): string {
  const kept = Object.fromEntries(Object.entries(config).filter(([k]) => !NOT_HASHED.has(k)));
  return createHash('sha256')
    .update(JSON.stringify(canonical(kept)))
    .digest('hex');
}

export interface Checkpoint<S extends RunState = RunState> {
  state: S;
  /** Wall time of the run before this checkpoint, seconds. */
  wallSeconds: number;
}

export function checkpointPath(outDir: string): string {
  return join(outDir, CHECKPOINT_FILE);
}

/**
 * Fault injection for the crash tests: FEDRANK_CRASH_IN_CHECKPOINT=R kills the process with
 * SIGKILL halfway through writing the checkpoint after round R.
 */
function crashPoint(round: number): number | undefined {
  const at = process.env.FEDRANK_CRASH_IN_CHECKPOINT;
  return at !== undefined && Number(at) === round ? 2048 : undefined;
}

export function saveCheckpoint(outDir: string, config: RunConfig, checkpoint: Checkpoint): void {
  const identity = { configHash: configHash(config), seed: config.seed, round: checkpoint.state.round };
  writeRunStateFile(checkpointPath(outDir), checkpoint, identity, crashPoint(checkpoint.state.round));
}

/** The directory's checkpoint, or undefined when it has none; a checkpoint of another config is an error. */
export function loadCheckpoint<S extends RunState>(outDir: string, config: RunConfig): Checkpoint<S> | undefined {
  const file = checkpointPath(outDir);
  if (!existsSync(file)) return undefined;
  const { state, identity } = readRunStateFile(file);
  const want = configHash(config);
  if (identity.configHash !== want) {
    throw new CliError(
      `${file}: written by a different config (hash ${String(identity.configHash).slice(0, 12)}, this config ${want.slice(0, 12)}); resume with the directory's own config.resolved.yaml`,
      '--resume',
    );
  }
  const c = state as Partial<Checkpoint<S>>;
  if (!c || typeof c !== 'object' || !c.state || typeof c.state.round !== 'number' || !c.state.global) {
    throw new CliError(`${file}: corrupt checkpoint (no run state inside)`, '--resume');
  }
  return { state: c.state, wallSeconds: typeof c.wallSeconds === 'number' ? c.wallSeconds : 0 };
}
