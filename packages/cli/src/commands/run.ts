import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { CommandModule } from 'yargs';
import { loadRunConfig } from '../config-file.js';
import YAML from 'yaml';
import { LOG_LEVELS, type LogLevel } from '../logger.js';
import { executeRun } from '../run-experiment.js';
import { summaryLine, summaryTable } from '../run-summary-text.js';
import { CliError } from '../user-error.js';
import { memoryLimitBytes, withMemoryLimitOption, type MemoryLimitArgs } from '../resource-limit.js';

interface RunArgs extends MemoryLimitArgs {
  config?: string;
  out?: string;
  set?: string[];
  resume?: string;
  check?: boolean;
  quiet?: boolean;
  logLevel?: LogLevel;
}

export const runCommand: CommandModule<object, RunArgs> = {
  command: 'run [config]',
  describe: 'Run a federated experiment from a YAML config file, or resume one from its directory',
  builder: (y) =>
    withMemoryLimitOption(y)
      .positional('config', {
        type: 'string',
        describe: 'experiment config (YAML); with --resume, default DIR/config.resolved.yaml',
      })
      .option('set', {
        type: 'string',
        array: true,
        describe: 'override a config field (repeatable): --set federation.rounds=5',
      })
      .option('check', {
        type: 'boolean',
        describe: 'validate the config and print it resolved (defaults and --set applied), without running',
      })
      .option('out', { type: 'string', describe: 'output directory (default runs/<name>-<time>)' })
      .option('resume', {
        type: 'string',
        describe: "continue the run in DIR from its last checkpoint (its config must be the run's own)",
      })
      .option('quiet', {
        alias: 'q',
        type: 'boolean',
        describe: 'print only the one-line result (the log file keeps everything)',
      })
      .option('log-level', {
        choices: LOG_LEVELS,
        describe: 'lowest level of log lines shown on a terminal (default info)',
      })
      .group(['set', 'check'], 'Config:')
      .group(['out', 'resume'], 'Output directory:')
      .group(['quiet', 'log-level'], 'Terminal:')
      .group(['max-memory'], 'Limits:')
      .example('fedrank run configs/quickstart.yaml --out runs/qs', 'run the quickstart into runs/qs')
      .example('fedrank run C.yaml --set seed=2 --check', 'print C.yaml resolved, with seed 2; run nothing')
      .example('fedrank run --resume runs/qs', 'continue runs/qs from its last checkpoint'),
  handler: async (args) => {
    if (args.resume !== undefined && args.out !== undefined) throw new CliError('--resume DIR writes into DIR; leave out --out', '--out');
    const configPath = args.config ?? (args.resume !== undefined ? join(args.resume, 'config.resolved.yaml') : undefined);
    if (configPath === undefined) throw new CliError('expected a config file (fedrank run CONFIG.yaml) or --resume DIR', 'config');
    // `--resume DIR` alone continues DIR with its own config; `CONFIG --resume DIR` also starts DIR when it holds no run yet.
    if (args.config === undefined && args.resume !== undefined && !existsSync(configPath)) {
      throw new CliError(
        `${args.resume}: not a run directory (no config.resolved.yaml); give the config too: fedrank run CONFIG --resume DIR`,
        '--resume',
      );
    }
    const config = await loadRunConfig(configPath, args.set ?? []);
    if (args.check) {
      process.stdout.write(
        `# ${configPath}: valid; resolved with defaults${args.set?.length ? ' and --set' : ''}\n${YAML.stringify(config)}`,
      );
      return;
    }
    let stopRequested = false;
    const onSignal = (signal: NodeJS.Signals): void => {
      if (stopRequested) process.exit(signal === 'SIGINT' ? 130 : 143);
      stopRequested = true;
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    try {
      const summary = await executeRun(config, {
        configPath,
        outDir: args.resume ?? args.out,
        resume: args.resume !== undefined,
        maxMemoryBytes: memoryLimitBytes(args['max-memory']),
        tty: Boolean(process.stderr.isTTY),
        shouldStop: () => stopRequested,
        quiet: args.quiet,
        logLevel: args.logLevel,
      });
      process.stdout.write(args.quiet ? summaryLine(summary) : summaryTable(summary));
      if (summary.interrupted) process.exitCode = 130;
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
  },
};
