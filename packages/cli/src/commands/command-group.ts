/**
 * A command that only holds sub-commands (`fedrank report`, `fedrank mechanism`, ...): its
 * sub-commands are data, so the usage-error hint and the help tests walk the same tree that
 * yargs is given.
 */
import type { Argv, CommandModule } from 'yargs';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyCommand = CommandModule<any, any>;

/** A command group's sub-commands (see commandGroup); undefined for a command that runs something. */
export function subcommandsOf(c: AnyCommand): readonly AnyCommand[] | undefined {
  return (c as { subcommands?: readonly AnyCommand[] }).subcommands;
}

export interface CommandGroupSpec {
  command: string;
  describe: string;
  subcommands: readonly AnyCommand[];
  /** The message when no sub-command is named; absent when one sub-command is the default (`$0`). */
  missing?: string;
  examples?: readonly [string, string][];
}

export function commandGroup(spec: CommandGroupSpec): CommandModule<object, object> {
  const group: CommandModule<object, object> & { subcommands: readonly AnyCommand[] } = {
    command: spec.command,
    describe: spec.describe,
    subcommands: spec.subcommands,
    builder: (y: Argv) => {
      let g = y;
      for (const c of spec.subcommands) g = g.command(c as CommandModule);
      for (const [cmd, text] of spec.examples ?? []) g = g.example(cmd, text);
      return spec.missing !== undefined ? g.demandCommand(1, spec.missing) : g;
    },
    handler: () => undefined,
  };
  return group;
}

/** The first word of a command's spec: `report comm <runs..>` -> `report`; `$0 <dirs..>` -> `$0`. */
export function commandName(c: AnyCommand): string {
  const command = c.command as string | readonly string[] | undefined;
  const spec = typeof command === 'string' ? command : command?.[0];
  return (spec ?? '').split(' ')[0];
}

/** The command words at the start of argv (`report comm`), for the --help hint; [] when argv names no command. */
export function commandWords(tree: readonly AnyCommand[], argv: readonly string[]): string[] {
  const words: string[] = [];
  let level: readonly AnyCommand[] | undefined = tree;
  for (const word of argv) {
    const found: AnyCommand | undefined = level?.find((c) => commandName(c) === word);
    if (!found) break;
    words.push(word);
    level = subcommandsOf(found);
  }
  return words;
}
