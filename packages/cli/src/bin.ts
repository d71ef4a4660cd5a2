import yargs from 'yargs';
import type { CommandModule } from 'yargs';
import { hideBin } from 'yargs/helpers';
import { commands } from './commands/index.js';
import { reportError } from './error-boundary.js';

async function main(argv: string[]): Promise<void> {
  let cli = yargs(argv)
    .scriptName('fedrank')
    .strict()
    .demandCommand(1, 'Name a command: fedrank <command> --help lists them.')
    .recommendCommands()
    .help()
    .wrap(Math.min(110, process.stdout.columns ?? 100))
    .fail((msg, err) => {
      throw err ?? new UsageError(msg);
    });
  for (const c of commands) cli = cli.command(c as CommandModule);
  await cli.parseAsync();
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
