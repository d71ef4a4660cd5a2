/**
 * A sweep on the queue: each run is one BullMQ job whose id is derived from its config hash
 * (`run-<hash>`: BullMQ rejects custom ids that read as integers, which a 12-hex-digit hash can),
 * so enqueuing a sweep twice adds nothing. The job's data is what a worker needs to run it
 * anywhere; its return value is the run's results row.
 */
import type { Queue } from 'bullmq';
import type { RunConfig } from '@fedrank/server';
import type { SweepJob } from './run-sweep.js';
import type { SweepRow } from './sweep-results.js';

export interface RunJobData {
  readonly hash: string;
  /** The run directory (absolute, as seen by the machine that enqueued it). */
  readonly dir: string;
  readonly values: Readonly<Record<string, unknown>>;
  /** The sweep file that asked for the run. */
  readonly sweep: string;
  readonly config: RunConfig;
}

export type RunQueue = Queue<RunJobData, SweepRow>;

export function jobId(hash: string): string {
  return `run-${hash}`;
}

export interface EnqueueReport {
  readonly added: number;
  /** Already on the queue (waiting, running or done). */
  readonly present: number;
  /** Failed earlier, sent back to wait. */
  readonly retried: number;
}

/** The states `--status` lists, in order; `not enqueued` is a run without a job. */
export const STATE_ORDER = ['waiting', 'prioritized', 'delayed', 'active', 'completed', 'failed', 'not enqueued'] as const;

async function states(queue: RunQueue, hashes: readonly string[]): Promise<string[]> {
  const s = await Promise.all(hashes.map((h) => queue.getJobState(jobId(h))));
  return s.map((x) => (x === 'unknown' ? 'not enqueued' : x));
}

export async function enqueueSweep(queue: RunQueue, jobs: readonly SweepJob[]): Promise<EnqueueReport> {
  const now = await states(
    queue,
    jobs.map((j) => j.run.hash),
  );
  const fresh = jobs.filter((_, i) => now[i] === 'not enqueued');
  await queue.addBulk(
    fresh.map((j) => ({
      name: 'run',
      data: { hash: j.run.hash, dir: j.dir, values: j.run.values, sweep: String(j.job.sweep), config: j.run.config },
      opts: { jobId: jobId(j.run.hash), removeOnComplete: false, removeOnFail: false },
    })),
  );
  const failed = jobs.filter((_, i) => now[i] === 'failed');
  for (const j of failed) await (await queue.getJob(jobId(j.run.hash)))?.retry('failed');
  return { added: fresh.length, present: jobs.length - fresh.length - failed.length, retried: failed.length };
}

/** Per-state counts of the sweep's runs, and how many are done. */
export async function sweepStatus(queue: RunQueue, hashes: readonly string[]): Promise<{ counts: Map<string, number>; done: number }> {
  const counts = new Map<string, number>();
  for (const s of await states(queue, hashes)) counts.set(s, (counts.get(s) ?? 0) + 1);
  return { counts, done: counts.get('completed') ?? 0 };
}

export function statusText(counts: ReadonlyMap<string, number>, done: number, total: number): string {
  const known = new Set<string>(STATE_ORDER);
  const lines = STATE_ORDER.map((s) => `${s}: ${counts.get(s) ?? 0}`);
  for (const [s, n] of counts) if (!known.has(s)) lines.push(`${s}: ${n}`);
  return `${lines.join('\n')}\n${done}/${total} runs done\n`;
}

/** The rows of the sweep's finished runs, in sweep order. */
export async function collectRows(queue: RunQueue, hashes: readonly string[]): Promise<SweepRow[]> {
  const jobs = await Promise.all(hashes.map((h) => queue.getJob(jobId(h))));
  const rows: SweepRow[] = [];
  for (const job of jobs) {
    if (job && job.finishedOn !== undefined && !job.failedReason && job.returnvalue) rows.push(job.returnvalue);
  }
  return rows;
}
