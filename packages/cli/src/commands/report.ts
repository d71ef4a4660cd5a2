/**
 * `fedrank report DIRS... --out DIR`: an HTML report with charts (SVG and PNG beside it) of the
 * runs found under DIRS (run, sweep or bench directories); the summary table on stdout.
 * `fedrank report comm RUN...`: the communication cost table of finished runs.
 */
import type { Argv, CommandModule } from 'yargs';
import { buildReport } from '../report/build-report.js';
import { commMarkdown, commRow } from '../report/comm-table.js';

interface CommArgs {
  runs: string[];
  json?: boolean;
}

interface BuildArgs {
  dirs: string[];
  out: string;
}

const commCommand: CommandModule<object, CommArgs> = {
  command: 'comm <runs..>',
  describe: 'Communication cost of finished runs: bytes per client per round, totals, ratio to float32',
  builder: (y) =>
    y
      .positional('runs', { type: 'string', array: true, demandOption: true, describe: 'run directories' })
      .option('json', { type: 'boolean', default: false }),
  handler: (args) => {
    const rows = args.runs.map(commRow);
    process.stdout.write(args.json ? JSON.stringify(rows) + '\n' : commMarkdown(rows));
  },
};

const buildCommand: CommandModule<object, BuildArgs> = {
  command: '$0 <dirs..>',
  describe: 'Write an HTML report with charts of the runs under DIRS; print the summary table',
  builder: (y) =>
    y.positional('dirs', { type: 'string', array: true, demandOption: true, describe: 'run, sweep or bench directories' }).option('out', {
      type: 'string',
      demandOption: true,
      describe: 'output directory: new, empty, or an earlier report (other files are never overwritten)',
    }),
  handler: async (args) => {
    const result = await buildReport({
      paths: args.dirs,
      outDir: args.out,
      onWarning: (line) => process.stderr.write(`fedrank: warning: ${line}\n`),
    });
    process.stdout.write(result.markdown);
    process.stderr.write(`fedrank: report of ${result.runs} run(s): ${result.page}\n`);
  },
};

export const reportCommand: CommandModule<object, object> = {
  command: 'report',
  describe: 'Report on runs: fedrank report DIRS... --out DIR (HTML with charts), fedrank report comm RUN...',
  builder: (y: Argv) => y.command(commCommand).command(buildCommand),
  handler: () => {},
};
