/**
 * The memory a command may plan to allocate: by default half of the machine's memory, raised or
 * lowered with `--max-memory MiB`. Estimates are made from the inputs before anything is
 * allocated; one over the limit is one line naming the key, the estimate and the limit.
 */
import { totalmem } from 'node:os';
import type { Argv } from 'yargs';
import { CliError } from './user-error.js';

export const MEMORY_SHARE = 0.5;

export interface MemoryLimitArgs {
  'max-memory'?: number;
}

export function withMemoryLimitOption<T>(y: Argv<T>): Argv<T & MemoryLimitArgs> {
  return y.option('max-memory', {
    type: 'number',
    describe: `memory (MiB) the inputs may plan to allocate before they are refused (default ${MEMORY_SHARE * 100}% of this machine's memory)`,
  }) as Argv<T & MemoryLimitArgs>;
}

/** The limit in bytes from `--max-memory` (MiB), else MEMORY_SHARE of the machine's memory. */
export function memoryLimitBytes(maxMemoryMiB: number | undefined): number {
  if (maxMemoryMiB === undefined) return Math.floor(totalmem() * MEMORY_SHARE);
  if (!(Number.isFinite(maxMemoryMiB) && maxMemoryMiB > 0)) {
    throw new CliError(`--max-memory: expected a positive number of MiB, got ${maxMemoryMiB}`, '--max-memory');
  }
  return maxMemoryMiB * 2 ** 20;
}

export const formatBytes = (n: number): string =>
  n >= 2 ** 40
    ? `${(n / 2 ** 40).toPrecision(3)} TiB`
    : n >= 2 ** 30
      ? `${(n / 2 ** 30).toPrecision(3)} GiB`
      : `${Math.ceil(n / 2 ** 20)} MiB`;

/** Throws one line when `estimate` bytes exceed `limit`: the key, what it would allocate, and the option that raises it. */
export function checkMemory(key: string, what: string, estimate: number, limit: number): void {
  if (estimate > limit) {
    throw new CliError(
      `${key}: ${what} would need about ${formatBytes(estimate)}, over the limit of ${formatBytes(limit)} (raise it with --max-memory MiB)`,
      key,
    );
  }
}

/** Throws one line when a count of work items exceeds `limit`. */
export function checkWork(key: string, what: string, count: number, limit: number, raise: string): void {
  if (!(count <= limit)) {
    throw new CliError(`${key}: ${what} is ${count.toPrecision(3)}, over the limit of ${limit.toPrecision(3)} (${raise})`, key);
  }
}

/** Elementary steps (one evaluation of an inner loop) a mechanism command may plan: about a minute or two. */
export const DEFAULT_MAX_WORK = 1e10;

export interface WorkLimitArgs {
  'max-work'?: number;
}

export function withWorkLimitOption<T>(y: Argv<T>): Argv<T & WorkLimitArgs> {
  return y.option('max-work', {
    type: 'number',
    describe: `elementary steps the inputs may plan before they are refused (default ${DEFAULT_MAX_WORK.toExponential()}, about a minute)`,
  }) as Argv<T & WorkLimitArgs>;
}

export function workLimit(maxWork: number | undefined): number {
  if (maxWork === undefined) return DEFAULT_MAX_WORK;
  if (!(maxWork > 0)) throw new CliError(`--max-work: expected a positive number of steps, got ${maxWork}`, '--max-work');
  return maxWork;
}
