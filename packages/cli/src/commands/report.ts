/**
 * `fedrank report DIRS... --out DIR`: an HTML report with charts (SVG and PNG beside it) of the
 * runs found under DIRS (run, sweep or bench directories); the summary table on stdout.
 * `fedrank report comm RUN...`: the communication cost table of finished runs.
 */
import type { CommandModule } from 'yargs';
import { commandGroup } from './command-group.js';
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
      .positional('runs', {
        type: 'string',
        array: true,
        demandOption: true,
        default: undefined,
        describe: 'finished run directories (one or more)',
      })
      .option('json', { type: 'boolean', default: false, describe: 'print one JSON array (a row per run) instead of a markdown table' })
      .example('fedrank report comm runs/a runs/b', 'the bytes of two runs side by side'),
  handler: (args) => {
    const rows = args.runs.map(commRow);
    process.stdout.write(args.json ? JSON.stringify(rows) + '\n' : commMarkdown(rows));
  },
};

const buildCommand: CommandModule<object, BuildArgs> = {
  command: '$0 <dirs..>',
  describe: 'Write an HTML report with charts of the runs under DIRS; print the summary table',
  builder: (y) =>
    y
      .positional('dirs', {
        type: 'string',
        array: true,
        demandOption: true,
        default: undefined,
        describe: 'run, sweep or bench directories (one or more)',
      })
      .option('out', {
        type: 'string',
        demandOption: true,
        describe: 'output directory: new, empty, or an earlier report (other files are never overwritten)',
      })
      .example('fedrank report runs/sweep-smoke --out rep', 'charts of a sweep: rep/report.html')
      .example('fedrank report runs/a runs/b --out rep', 'two runs side by side'),
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

export const reportCommand = commandGroup({
  command: 'report',
  describe: 'Report on finished runs: an HTML page with charts, or the communication cost table',
  subcommands: [commCommand, buildCommand],
});
