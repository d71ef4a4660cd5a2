import yargs from 'yargs';
import type { CommandModule } from 'yargs';
import { hideBin } from 'yargs/helpers';
import { commands } from './commands/index.js';
import { reportError } from './error-boundary.js';
import { usageMessage } from './usage-message.js';

async function main(argv: string[]): Promise<void> {
  let cli = yargs(argv)
    .scriptName('fedrank')
    .strict()
    .demandCommand(1, 'Name a command: fedrank <command> --help lists them.')
    .recommendCommands()
    .help()
    .wrap(Math.min(110, process.stdout.columns ?? 100))
    .fail((msg, err) => {
      throw err ?? new UsageError(usageMessage(msg, commandWords(argv)));
    });
  for (const c of commands) cli = cli.command(c as CommandModule);
  await cli.parseAsync();
}

const SUBCOMMANDS = new Set(['comm', 'facility', 'info-acquisition', 'robustness', 'export']);

/** The command (and sub-command) the user typed, for the --help hint; nothing when it is not a command. */
function commandWords(argv: readonly string[]): string[] {
  const names = new Set(commands.map((c) => String(c.command ?? '').split(' ')[0]));
  if (argv.length === 0 || !names.has(argv[0])) return [];
  return argv.length > 1 && SUBCOMMANDS.has(argv[1]) ? [argv[0], argv[1]] : [argv[0]];
}

class UsageError extends Error {
  readonly exitCode = 2;
}

const argv = hideBin(process.argv);
// Errors thrown outside the command's promise (event emitters, timers) reach the same boundary.
process.on('uncaughtException', (e) => {
  reportError(e, argv);
  process.exit();
});
main(argv).catch((e: unknown) => reportError(e, argv));
