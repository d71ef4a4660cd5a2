import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { CommandModule } from 'yargs';
import { loadRunConfig } from '../config-file.js';
import { executeRun } from '../run-experiment.js';
import { CliError } from '../user-error.js';

interface RunArgs {
  config?: string;
  out?: string;
  set?: string[];
  resume?: string;
}

export const runCommand: CommandModule<object, RunArgs> = {
  command: 'run [config]',
  describe: 'Run a federated experiment from a YAML config file, or resume one from its directory',
  builder: (y) =>
    y
      .positional('config', { type: 'string', describe: 'experiment config (YAML); with --resume, default DIR/config.resolved.yaml' })
      .option('out', { type: 'string', describe: 'output directory (default runs/<name>-<time>)' })
      .option('set', { type: 'string', array: true, describe: 'override a config field: --set federation.rounds=5' })
      .option('resume', {
        type: 'string',
        describe: "continue the run in DIR from its last checkpoint (its config must be the run's own)",
      }),
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
    let stopRequested = false;
    const onSignal = (signal: NodeJS.Signals): void => {
      if (stopRequested) process.exit(signal === 'SIGINT' ? 130 : 143);
      stopRequested = true;
      process.stderr.write(
        `\nfedrank: ${signal}: stopping after the current client and saving a checkpoint (${signal === 'SIGINT' ? 'Ctrl-C' : 'the signal'} again to quit at once)\n`,
      );
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    try {
      const summary = await executeRun(config, {
        configPath,
        outDir: args.resume ?? args.out,
        resume: args.resume !== undefined,
        tty: Boolean(process.stderr.isTTY),
        shouldStop: () => stopRequested,
      });
      const acc = Number.isFinite(summary.finalAccuracy) ? summary.finalAccuracy.toFixed(4) : 'n/a';
      const best = Number.isFinite(summary.bestAccuracy) ? summary.bestAccuracy.toFixed(4) : 'n/a';
      if (summary.alreadyFinished) process.stdout.write('already finished, nothing to run: ');
      const from = summary.resumedFromRound !== undefined ? ` (resumed after round ${summary.resumedFromRound})` : '';
      process.stdout.write(
        `${summary.interrupted ? 'interrupted' : 'done'}: ${summary.completedRounds}/${summary.rounds} rounds${from}, final accuracy ${acc}, best ${best} (round ${summary.bestRound}), ${summary.wallSeconds.toFixed(1)} s on ${summary.backend} -> ${summary.outDir}\n`,
      );
      if (summary.interrupted) process.exitCode = 130;
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
  },
};
