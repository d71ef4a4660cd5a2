/**
 * The `fedrank` command line as a yargs instance: every command of commands/index.ts, strict
 * parsing, and usage errors (missing or unknown arguments, bad choices) rewritten in fedrank's
 * words as a UsageError (exit 2). bin.ts parses the process's arguments with it; the help tests
 * walk it.
 */
import yargs, { type Argv, type CommandModule } from 'yargs';
import { commands } from './commands/index.js';
import { commandWords } from './commands/command-group.js';
import { usageMessage } from './usage-message.js';

export class UsageError extends Error {
  readonly exitCode = 2;
}

export function buildCli(argv: readonly string[], options: { width?: number | null } = {}): Argv {
  let cli = yargs([...argv])
    .scriptName('fedrank')
    .strict()
    .demandCommand(1, 'Name a command: fedrank <command> --help lists them.')
    .recommendCommands()
    .help()
    .wrap(options.width === undefined ? Math.min(110, process.stdout.columns ?? 100) : options.width)
    .fail((msg, err) => {
      throw err ?? new UsageError(usageMessage(msg, commandWords(commands, argv)));
    });
  for (const c of commands) cli = cli.command(c as CommandModule);
  return cli;
}
