import yargs from 'yargs';
import type { CommandModule } from 'yargs';
import { hideBin } from 'yargs/helpers';
import { isUserFacingError } from './user-error.js';
import { commands } from './commands/index.js';

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

main(hideBin(process.argv)).catch((e: unknown) => {
  if (isUserFacingError(e)) {
    process.stderr.write(`fedrank: ${e.message}\n`);
    process.exitCode = e.exitCode;
    return;
  }
  process.stderr.write(`fedrank: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = 1;
});
