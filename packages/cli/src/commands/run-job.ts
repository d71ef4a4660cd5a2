/**
 * `fedrank run-job <dir>` (internal, hidden from --help): runs the config of `<dir>/job.json`
 * into `<dir>` with resume (a finished run is reported as it is, an unfinished one continued).
 * The child process of sweeps, benchmark cells and queue workers. SIGTERM or SIGINT stops the run
 * after the current client (exit 130); losing the parent's IPC channel (the parent died) ends it at once.
 */
import type { CommandModule } from 'yargs';
import { executeRun } from '../run-experiment.js';
import { summaryTable } from '../run-summary-text.js';
import { readJobConfig } from '../sweep/job-file.js';

interface RunJobArgs {
  dir: string;
}

export const runJobCommand: CommandModule<object, RunJobArgs> = {
  command: 'run-job <dir>',
  describe: false,
  builder: (y) => y.positional('dir', { type: 'string', demandOption: true, describe: 'run directory holding job.json' }),
  handler: async (args) => {
    const config = readJobConfig(args.dir);
    let stopRequested = false;
    const onSignal = (): void => {
      if (stopRequested) process.exit(130);
      stopRequested = true;
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
    if (process.send) {
      process.on('disconnect', () => process.exit(137));
      process.channel?.unref();
    }
    const summary = await executeRun(config, { outDir: args.dir, resume: true, shouldStop: () => stopRequested });
    process.stdout.write(summaryTable(summary));
    if (summary.interrupted) process.exitCode = 130;
  },
};
