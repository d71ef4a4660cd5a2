/**
 * `fedrank sweep <sweep.yaml> [--out DIR] [--workers N]`: the runs of a sweep file (a base
 * config x grid x zip x seeds; see sweep/sweep-file.ts), each in `<out>/<config hash>/`, as local
 * child processes; running it again skips finished runs and resumes unfinished ones.
 * With `--queue redis://HOST:PORT`: enqueue the runs for `fedrank worker`s instead; with
 * `--status`, per-state counts; with `--collect`, the finished runs' results as CSV on stdout.
 */
import { Queue } from 'bullmq';
import type { CommandModule } from 'yargs';
import { CliError } from '../user-error.js';
import { loadSweep } from '../sweep/expand-sweep.js';
import { connectQueue, QUEUE_NAME } from '../sweep/queue-connection.js';
import { collectRows, enqueueSweep, statusText, sweepStatus, type RunQueue } from '../sweep/queue-jobs.js';
import { defaultSweepOutDir, runSweep, sweepJobs } from '../sweep/run-sweep.js';
import { sweepCsv } from '../sweep/sweep-results.js';
import { resolve } from 'node:path';

interface SweepArgs {
  sweep: string;
  out?: string;
  workers?: number;
  queue?: string;
  status?: boolean;
  collect?: boolean;
}

async function withQueue<T>(url: string, use: (queue: RunQueue) => Promise<T>): Promise<T> {
  const connection = await connectQueue(url);
  const queue: RunQueue = new Queue(QUEUE_NAME, { connection });
  try {
    return await use(queue);
  } finally {
    await queue.close();
    await connection.quit().catch(() => undefined);
  }
}

async function queueMode(args: SweepArgs, url: string): Promise<void> {
  const loaded = loadSweep(args.sweep);
  const hashes = loaded.runs.map((r) => r.hash);
  if (args.status) {
    const { counts, done } = await withQueue(url, (q) => sweepStatus(q, hashes));
    process.stdout.write(statusText(counts, done, hashes.length));
    return;
  }
  if (args.collect) {
    const rows = await withQueue(url, (q) => collectRows(q, hashes));
    const values = new Map(loaded.runs.map((r) => [r.hash, r.values]));
    process.stdout.write(sweepCsv(loaded.columns, rows, (h) => values.get(h) ?? {}));
    return;
  }
  const outDir = args.out ? resolve(args.out) : defaultSweepOutDir(args.sweep);
  const report = await withQueue(url, (q) => enqueueSweep(q, sweepJobs(loaded, outDir)));
  process.stdout.write(
    `sweep: ${hashes.length} runs -> ${url} (queue ${QUEUE_NAME}): ${report.added} added, ${report.present} already queued or done` +
      `${report.retried ? `, ${report.retried} failed ones sent back to wait` : ''}; run directories under ${outDir}\n`,
  );
}

export const sweepCommand: CommandModule<object, SweepArgs> = {
  command: 'sweep <sweep>',
  describe: 'Run a sweep (base config x grid x zip x seeds) locally, or enqueue it for `fedrank worker`s',
  builder: (y) =>
    y
      .positional('sweep', { type: 'string', demandOption: true, describe: 'sweep file (YAML; see configs/sweeps/)' })
      .option('out', { type: 'string', describe: 'output directory (default runs/sweep-<sweep name>; rerunning resumes it)' })
      .option('workers', { type: 'number', describe: 'runs at once, one process each (default: the number of cores)' })
      .option('queue', { type: 'string', describe: 'enqueue the runs on this Redis (redis://HOST:PORT) instead of running them' })
      .option('status', { type: 'boolean', describe: 'with --queue: per-state counts of the runs, then DONE/TOTAL' })
      .option('collect', { type: 'boolean', describe: 'with --queue: CSV of the finished runs on stdout' })
      .conflicts('status', 'collect')
      .group(['out', 'workers'], 'Running here:')
      .group(['queue', 'status', 'collect'], 'Queue (fedrank worker runs them):')
      .example('fedrank sweep configs/sweeps/smoke.yaml', 'its runs on this machine, one per core')
      .example('fedrank sweep S.yaml --queue redis://HOST', 'enqueue the runs of S.yaml')
      .example('fedrank sweep S.yaml --queue redis://HOST --collect', 'the finished runs as CSV'),
  handler: async (args) => {
    if ((args.status || args.collect) && !args.queue)
      throw new CliError(
        `${args.status ? '--status' : '--collect'} needs --queue redis://HOST:PORT`,
        args.status ? '--status' : '--collect',
      );
    if (args.queue) {
      if (args.workers !== undefined)
        throw new CliError(
          '--workers: runs on the queue are taken by `fedrank worker`s (give them --concurrency); drop --workers',
          '--workers',
        );
      await queueMode(args, args.queue);
      return;
    }
    const controller = new AbortController();
    const onSignal = (): void => {
      if (controller.signal.aborted) process.exit(130);
      process.stderr.write(
        '\nfedrank: stopping: no new runs; the running ones stop after their current client (Ctrl-C again to quit at once)\n',
      );
      controller.abort();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    try {
      const report = await runSweep({
        sweepPath: args.sweep,
        outDir: args.out,
        processes: args.workers,
        tty: Boolean(process.stderr.isTTY),
        signal: controller.signal,
      });
      process.stderr.write(`${report.done}/${report.total} runs done -> ${report.outDir}/results.csv\n`);
      if (report.interrupted) process.exitCode = 130;
      else if (report.failed > 0) {
        process.stderr.write(`fedrank: ${report.failed} run(s) failed; see output.log in their directories under ${report.outDir}\n`);
        process.exitCode = 1;
      }
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
  },
};
