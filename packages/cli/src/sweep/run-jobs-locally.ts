/**
 * The local executor of sweeps and benchmark cells: each job is a run directory whose job.json
 * is written here, run as a `fedrank run-job` child process, at most `processes` at a time, in
 * order. Aborting stops launching jobs and sends SIGTERM to the running ones (they stop after
 * their current client, keeping what they finished).
 */
import { runPool } from './pool.js';
import { writeJobFile, type JobFile } from './job-file.js';
import { spawnRunJob, type RunExit, type RunProcess } from './run-process.js';

export interface LocalJob {
  readonly dir: string;
  readonly job: JobFile;
}

export interface LocalRunOptions<J extends LocalJob> {
  readonly processes: number;
  /** The file in each run directory that collects the child's stdout and stderr. */
  readonly logFile: string;
  readonly signal?: AbortSignal;
  /** The fedrank launcher the children run (default: this package's bin/fedrank.js). */
  readonly bin?: string;
  /** Called when a job's process starts, with the number now running. */
  readonly onStart?: (job: J, running: number) => void;
  /** Called when a job's process has exited, with the number still running. */
  readonly onExit: (job: J, exit: RunExit, running: number) => void;
}

export async function runJobsLocally<J extends LocalJob>(jobs: readonly J[], options: LocalRunOptions<J>): Promise<void> {
  const running = new Set<RunProcess>();
  const signal = options.signal;
  const stopAll = (): void => {
    for (const p of running) p.kill('SIGTERM');
  };
  signal?.addEventListener('abort', stopAll);
  const run = async (job: J): Promise<void> => {
    writeJobFile(job.dir, job.job);
    const child = spawnRunJob({ dir: job.dir, logFile: options.logFile, bin: options.bin });
    running.add(child);
    options.onStart?.(job, running.size);
    const exit = await child.exited;
    running.delete(child);
    options.onExit(job, exit, running.size);
  };
  try {
    await runPool(jobs, options.processes, run, () => signal?.aborted ?? false);
  } finally {
    signal?.removeEventListener('abort', stopAll);
    stopAll();
  }
}
