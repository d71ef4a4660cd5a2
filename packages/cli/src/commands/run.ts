import type { CommandModule } from 'yargs';
import { loadRunConfig } from '../config-file.js';
import { executeRun } from '../run-experiment.js';

interface RunArgs {
  config: string;
  out?: string;
  set?: string[];
}

export const runCommand: CommandModule<object, RunArgs> = {
  command: 'run <config>',
  describe: 'Run a federated experiment from a YAML config file',
  builder: (y) =>
    y
      .positional('config', { type: 'string', demandOption: true, describe: 'experiment config (YAML)' })
      .option('out', { type: 'string', describe: 'output directory (default runs/<name>-<time>)' })
      .option('set', { type: 'string', array: true, describe: 'override a config field: --set federation.rounds=5' }),
  handler: async (args) => {
    const config = await loadRunConfig(args.config, args.set ?? []);
    let stopRequested = false;
    const onSigint = (): void => {
      if (stopRequested) process.exit(130);
      stopRequested = true;
      process.stderr.write('\nfedrank: stopping after the current client (Ctrl-C again to quit at once)\n');
    };
    process.on('SIGINT', onSigint);
    try {
      const summary = await executeRun(config, {
        configPath: args.config,
        outDir: args.out,
        tty: Boolean(process.stderr.isTTY),
        shouldStop: () => stopRequested,
      });
      const acc = Number.isFinite(summary.finalAccuracy) ? summary.finalAccuracy.toFixed(4) : 'n/a';
      const best = Number.isFinite(summary.bestAccuracy) ? summary.bestAccuracy.toFixed(4) : 'n/a';
      process.stdout.write(
        `${summary.interrupted ? 'interrupted' : 'done'}: ${summary.completedRounds}/${summary.rounds} rounds, final accuracy ${acc}, best ${best} (round ${summary.bestRound}), ${summary.wallSeconds.toFixed(1)} s on ${summary.backend} -> ${summary.outDir}\n`,
      );
      if (summary.interrupted) process.exitCode = 130;
    } finally {
      process.off('SIGINT', onSigint);
    }
  },
};
