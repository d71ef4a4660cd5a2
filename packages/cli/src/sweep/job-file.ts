/**
 * `job.json` in a run directory: the resolved config a launcher (a sweep, a benchmark cell, a
 * queue worker) asked `fedrank run-job` to run there, plus what the launcher wants to remember
 * (the sweep's axis values, a cell's overrides).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseRunConfig, writeFileAtomic, type RunConfig } from '@fedrank/server';
import { CliError } from '../user-error.js';

export const JOB_FILE = 'job.json';

export interface JobFile {
  /** The validated run config (defaults filled in). */
  readonly config: RunConfig;
  readonly [meta: string]: unknown;
}

/** Creates `dir` if needed and writes its job.json atomically. */
export function writeJobFile(dir: string, job: JobFile): void {
  mkdirSync(dir, { recursive: true });
  writeFileAtomic(join(dir, JOB_FILE), Buffer.from(JSON.stringify(job, null, 2) + '\n'));
}

export function readJobFile(dir: string): unknown {
  try {
    return JSON.parse(readFileSync(join(dir, JOB_FILE), 'utf8')) as unknown;
  } catch {
    return undefined;
  }
}

/** The config of `dir`'s job.json, validated again; a missing or broken file is a CliError. */
export function readJobConfig(dir: string): RunConfig {
  const job = readJobFile(dir) as Partial<JobFile> | undefined;
  if (!job || typeof job !== 'object' || !('config' in job)) {
    throw new CliError(`${join(dir, JOB_FILE)}: missing or not a JSON object with a config`, 'dir');
  }
  return parseRunConfig(job.config, join(dir, JOB_FILE));
}
