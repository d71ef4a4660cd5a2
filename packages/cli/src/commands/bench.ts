/**
 * `fedrank bench robustness <matrix.yaml> [--out DIR] [--jobs N] [--dry-run]`: a matrix of
 * aggregation rule x attack x malicious fraction x seed, each cell a `fedrank run` child process.
 * Progress goes to stderr; the results table (results.md) to stdout at the end.
 * Ctrl-C stops launching cells and kills the running ones; finished cells are kept, and running
 * the same command again resumes.
 */
import type { CommandModule } from 'yargs';
import { commandGroup } from './command-group.js';
import { runRobustnessBench } from '../bench/run-bench.js';
import { checkOutputDir, dirEntries } from '../output-dir.js';
import { CliError } from '../user-error.js';

interface RobustnessArgs {
  matrix: string;
  out?: string;
  jobs?: number;
  'dry-run'?: boolean;
}

const robustnessCommand: CommandModule<object, RobustnessArgs> = {
  command: 'robustness <matrix>',
  describe: 'Run a matrix of aggregator x attack x malicious fraction x seed; write results.csv and results.md',
  builder: (y) =>
    y
      .positional('matrix', { type: 'string', demandOption: true, describe: 'matrix file (YAML; see configs/robustness/)' })
      .option('out', { type: 'string', describe: 'output directory (default runs/bench-<matrix name>; rerunning resumes it)' })
      .option('jobs', { type: 'number', describe: 'cells run at once (default: the number of cores)' })
      .option('dry-run', { type: 'boolean', describe: 'list the cells and their --set overrides; run nothing' })
      .example('fedrank bench robustness configs/robustness/ci-small.yaml  # the small matrix', '')
      .example('fedrank bench robustness M.yaml --dry-run  # list its cells, run nothing', ''),
  handler: async (args) => {
    if (args.out !== undefined) checkBenchOutDir(args.out);
    const controller = new AbortController();
    const onSignal = (): void => {
      if (controller.signal.aborted) process.exit(130);
      process.stderr.write(
        '\nfedrank: stopping: no new cells, killing the running ones (finished cells are kept; Ctrl-C again to quit at once)\n',
      );
      controller.abort();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    try {
      const report = await runRobustnessBench({
        matrixPath: args.matrix,
        outDir: args.out,
        jobs: args.jobs,
        dryRun: args['dry-run'] ?? false,
        tty: Boolean(process.stderr.isTTY),
        signal: controller.signal,
      });
      process.stdout.write(report.markdown);
      if (report.interrupted) process.exitCode = 130;
      else if (report.failed > 0) {
        process.stderr.write(
          `fedrank: ${report.failed} cell(s) failed; see bench-output.log in their directories under ${report.outDir}/cells\n`,
        );
        process.exitCode = 1;
      }
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
  },
};

/** A bench writes only into a new or empty directory or one of its own (it holds cells/): the user's files are never overwritten. */
function checkBenchOutDir(out: string): void {
  const entries = dirEntries(checkOutputDir(out, '--out'));
  if (entries.length > 0 && !entries.includes('cells')) {
    throw new CliError(
      `--out ${out}: not empty and not a bench directory (no cells/ in it), so its files could be overwritten; choose a new or empty directory`,
      '--out',
    );
  }
}

export const benchCommand = commandGroup({
  command: 'bench',
  describe: 'Benchmarks: fedrank bench robustness <matrix.yaml>',
  subcommands: [robustnessCommand],
  missing: 'Name a benchmark: fedrank bench robustness <matrix.yaml>',
});
