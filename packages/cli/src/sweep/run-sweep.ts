/**
 * `fedrank sweep` without a queue: expands the sweep, keeps finished runs, resumes or runs the
 * others as `fedrank run-job` child processes (`processes` at a time), one line per finished run,
 * and writes `<out>/results.csv` (rewritten as each run finishes).
 *
 *   <out>/<hash>/   one run directory per run (+ job.json, output.log), named by its config hash
 *   <out>/results.csv
 */
import { existsSync, mkdirSync } from 'node:fs';
import { writeFileAtomic } from '@fedrank/server';
import { availableParallelism } from 'node:os';
import { basename, extname, join, relative, resolve } from 'node:path';
import { MatrixError } from '../bench/matrix-error.js';
import { createBenchProgress } from '../bench/progress.js';
import { CHECKPOINT_FILE } from '../run-checkpoint.js';
import type { JobFile } from './job-file.js';
import { loadSweep, type LoadedSweep, type SweepRun } from './expand-sweep.js';
import { isFinishedRun, readRunDirResult } from './run-dir-result.js';
import { runJobsLocally, type LocalJob } from './run-jobs-locally.js';
import { sweepCsv, sweepRow, type SweepRow } from './sweep-results.js';

export const SWEEP_LOG_FILE = 'output.log';

export interface SweepOptions {
  readonly sweepPath: string;
  /** Default: runs/sweep-<sweep file name> (fixed, so that running the command again resumes). */
  readonly outDir?: string;
  /** Runs at once (default: the number of cores). */
  readonly processes?: number;
  readonly tty?: boolean;
  /** Aborting stops launching runs and stops the running ones (finished runs are kept). */
  readonly signal?: AbortSignal;
  readonly progressStream?: NodeJS.WritableStream;
  /** The fedrank launcher the runs use (default: this package's bin/fedrank.js). */
  readonly bin?: string;
}

export interface SweepReport {
  readonly outDir: string;
  readonly total: number;
  readonly done: number;
  readonly failed: number;
  readonly interrupted: boolean;
  readonly csv: string;
}

export interface SweepJob extends LocalJob {
  readonly run: SweepRun;
}

export function defaultSweepOutDir(sweepPath: string): string {
  return resolve('runs', `sweep-${basename(sweepPath, extname(sweepPath))}`);
}

/** Each run's directory (`<outDir>/<hash>`) and job.json. */
export function sweepJobs(loaded: LoadedSweep, outDir: string): SweepJob[] {
  return loaded.runs.map((run) => {
    const job: JobFile = { hash: run.hash, values: run.values, sweep: loaded.file, config: run.config };
    return { run, dir: join(outDir, run.hash), job };
  });
}

export function checkProcesses(n: number, flag: string): number {
  if (!(Number.isInteger(n) && n >= 1)) throw new MatrixError(`expected an integer >= 1, got ${n}`, flag);
  return n;
}

function shown(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel === '' ? '.' : rel.startsWith('..') ? path : rel;
}

export function describeValues(values: Readonly<Record<string, unknown>>): string {
  return Object.entries(values)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' ');
}

const acc = (x: number): string => (Number.isFinite(x) ? x.toFixed(4) : 'n/a');

export async function runSweep(options: SweepOptions): Promise<SweepReport> {
  const processes = checkProcesses(options.processes ?? availableParallelism(), '--workers');
  const loaded = loadSweep(options.sweepPath);
  const outDir = options.outDir ? resolve(options.outDir) : defaultSweepOutDir(options.sweepPath);
  const out = options.progressStream ?? process.stderr;
  const jobs = sweepJobs(loaded, outDir);
  const rows = new Map<string, SweepRow>();
  const notes: string[] = [];
  for (const j of jobs) {
    if (isFinishedRun(j.dir)) rows.set(j.run.hash, sweepRow(j.run.hash, readRunDirResult(j.dir)));
    else if ([CHECKPOINT_FILE, 'metrics.jsonl'].some((f) => existsSync(join(j.dir, f))))
      notes.push(`${j.run.hash}: unfinished, resuming it`);
  }
  const toRun = jobs.filter((j) => !rows.has(j.run.hash));
  const byHash = new Map(loaded.runs.map((r) => [r.hash, r.values]));
  const writeResults = (): string => {
    const ordered = loaded.runs.flatMap((r) => rows.get(r.hash) ?? []);
    const csv = sweepCsv(loaded.columns, ordered, (h) => byHash.get(h) ?? {});
    writeFileAtomic(join(outDir, 'results.csv'), Buffer.from(csv));
    return csv;
  };
  mkdirSync(outDir, { recursive: true });
  writeResults();

  const progress = createBenchProgress(toRun.length, options.tty ?? false, out);
  progress.line(
    `sweep: ${jobs.length} runs: ${toRun.length} to run with ${Math.min(processes, Math.max(1, toRun.length))} processes, ` +
      `${rows.size} finished earlier -> ${shown(outDir)}`,
  );
  for (const n of notes) progress.line(n);
  let finished = 0;
  let failed = 0;
  try {
    await runJobsLocally(toRun, {
      processes,
      logFile: SWEEP_LOG_FILE,
      signal: options.signal,
      bin: options.bin,
      onStart: (_j, running) => progress.update(finished, running),
      onExit: (j, exit, running) => {
        finished++;
        const label = `[${finished}/${toRun.length}] ${j.run.hash} ${describeValues(j.run.values)}`;
        if (exit.code === 0 && isFinishedRun(j.dir)) {
          const row = sweepRow(j.run.hash, readRunDirResult(j.dir));
          rows.set(j.run.hash, row);
          progress.line(`${label}: final ${acc(row.finalAccuracy)}, best ${acc(row.bestAccuracy)}, ${row.wallSeconds.toFixed(1)} s`);
          writeResults();
        } else if (options.signal?.aborted) {
          progress.line(`${label}: stopped`);
        } else {
          failed++;
          const how = exit.signal ? `killed by ${exit.signal}` : `exit code ${exit.code}`;
          progress.line(`${label}: failed (${how}${exit.message ? `: ${exit.message}` : ''}); see ${shown(join(j.dir, SWEEP_LOG_FILE))}`);
        }
        progress.update(finished, running);
      },
    });
  } finally {
    progress.stop();
  }
  const csv = writeResults();
  return { outDir, total: jobs.length, done: rows.size, failed, interrupted: options.signal?.aborted ?? false, csv };
}
