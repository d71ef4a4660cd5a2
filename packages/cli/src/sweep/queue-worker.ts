/**
 * `fedrank worker`: takes sweep runs from the queue, `concurrency` at a time, each as a
 * `fedrank run-job` child process in the run directory named by the job (resume: a finished run
 * is reported as it is, an unfinished one continued), and returns the run's results row.
 *
 * A worker that dies (kill -9, a lost machine) stops renewing its jobs' locks; after about
 * `stallSeconds` another worker's stalled-job check puts them back on the queue and one of them
 * resumes the run from its directory (a shared file system) or runs it again (same seed, same
 * metrics). Its run processes die with it (their IPC channel closes). Stopping a worker (SIGINT,
 * SIGTERM) stops its runs after their current client and puts their jobs back to wait at once.
 */
import { Worker, WaitingError, type Job } from 'bullmq';
import type { Logger } from 'pino';
import { writeJobFile } from './job-file.js';
import { connectQueue, QUEUE_NAME } from './queue-connection.js';
import type { RunJobData } from './queue-jobs.js';
import { isFinishedRun, readRunDirResult } from './run-dir-result.js';
import { spawnRunJob, type RunProcess } from './run-process.js';
import { SWEEP_LOG_FILE, describeValues } from './run-sweep.js';
import { sweepRow, type SweepRow } from './sweep-results.js';

export interface QueueWorkerOptions {
  readonly url: string;
  readonly concurrency: number;
  /** Lock duration and stalled-job check interval, seconds. */
  readonly stallSeconds: number;
  readonly log: Logger;
  /** Aborting stops the worker (see the header). */
  readonly signal: AbortSignal;
  readonly bin?: string;
}

/** How many times a job may be found stalled (its worker gone) and be retried before it fails. */
const MAX_STALLED = 5;

export async function runQueueWorker(options: QueueWorkerOptions): Promise<void> {
  const { log, signal } = options;
  const connection = await connectQueue(options.url);
  const running = new Set<RunProcess>();
  const processor = async (job: Job<RunJobData, SweepRow>, token?: string): Promise<SweepRow> => {
    const { hash, dir, values, sweep, config } = job.data;
    writeJobFile(dir, { hash, values, sweep, config });
    log.info(
      { job: job.id, dir, attempt: job.attemptsStarted, stalled: job.stalledCounter },
      `run ${hash} ${describeValues(values)}: started`,
    );
    const child = spawnRunJob({ dir, logFile: SWEEP_LOG_FILE, bin: options.bin });
    running.add(child);
    const exit = await child.exited;
    running.delete(child);
    if (exit.code === 0 && isFinishedRun(dir)) {
      const row = sweepRow(hash, readRunDirResult(dir));
      log.info({ job: job.id, row }, `run ${hash}: done, final ${row.finalAccuracy}, ${row.wallSeconds.toFixed(1)} s`);
      return row;
    }
    if (signal.aborted) {
      log.info({ job: job.id }, `run ${hash}: stopped with the worker, back to wait`);
      await job.moveToWait(token);
      throw new WaitingError();
    }
    const how = exit.signal ? `killed by ${exit.signal}` : `exit code ${exit.code}`;
    throw new Error(`run ${hash} failed (${how}${exit.message ? `: ${exit.message}` : ''}); see ${dir}/${SWEEP_LOG_FILE}`);
  };
  const worker = new Worker<RunJobData, SweepRow>(QUEUE_NAME, processor, {
    connection,
    concurrency: options.concurrency,
    lockDuration: options.stallSeconds * 1000,
    stalledInterval: options.stallSeconds * 1000,
    maxStalledCount: MAX_STALLED,
  });
  worker.on('error', (e) => log.warn({ err: e.message }, `queue: ${e.message}`));
  worker.on('failed', (job, e) => log.error({ job: job?.id }, e.message));
  worker.on('stalled', (id) => log.warn({ job: id }, `job ${id} stalled (its worker is gone): back to wait`));
  worker.on('lockRenewalFailed', (ids) => log.warn({ jobs: ids }, `lost the lock of ${ids.join(', ')} (Redis unreachable?)`));
  log.info(
    { queue: QUEUE_NAME, concurrency: options.concurrency },
    `worker: taking runs from ${options.url}, ${options.concurrency} at a time`,
  );
  await new Promise<void>((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
  log.info('worker: stopping (running runs stop after their current client)');
  for (const p of running) p.kill('SIGTERM');
  await worker.close();
  await connection.quit().catch(() => undefined);
}
