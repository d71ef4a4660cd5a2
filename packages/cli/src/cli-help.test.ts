/**
 * Every command's --help and bad usage, for the whole command tree walked from commands/index.ts
 * (the list yargs is given, sub-commands included): every option, positional and sub-command is
 * described, no positional shows as both required and defaulted, and an unknown option, a missing
 * argument or a missing required option is one line in fedrank's words with exit code 2 (in
 * process for every command; through the built binary for a few).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCli } from './cli.js';
import { commands } from './commands/index.js';
import { commandName, subcommandsOf, type AnyCommand } from './commands/command-group.js';
import { isUserFacingError } from './user-error.js';
import { buildOnce, runCli } from './testing/cli-process.js';

interface CommandPath {
  words: string[];
  /** A command group: it only holds sub-commands. */
  group: boolean;
}

/** Every command path of the tree; a default sub-command (`$0`) is its group's own path. */
function walk(tree: readonly AnyCommand[], prefix: string[] = []): CommandPath[] {
  const paths: CommandPath[] = [];
  for (const c of tree) {
    const name = commandName(c);
    const subs = subcommandsOf(c);
    const words = name === '$0' ? prefix : [...prefix, name];
    if (name !== '$0') paths.push({ words, group: subs !== undefined });
    if (subs) paths.push(...walk(subs, words));
  }
  return paths;
}

interface HelpEntry {
  section: string;
  name: string;
  description: string;
  annotations: string;
}

// The annotations yargs prints after a description: [string], [required], [default: ...], [choices: ...].
const ANNOTATIONS = /((?:\s*\[(?:string|number|boolean|array|count|required|default: (?:\[\]|[^\]]*)|choices: [^\]]*)\])*)$/;

/** The entries of a help text (unwrapped: one line each) by section, examples and usage left out. */
function helpEntries(text: string): HelpEntry[] {
  const entries: HelpEntry[] = [];
  let section = '';
  for (const line of text.split('\n')) {
    const header = line.match(/^(\S.*):$/);
    if (header) {
      section = header[1];
      continue;
    }
    if (section === '' || section === 'Examples' || !/^\s{2}/.test(line)) continue;
    const m =
      section === 'Commands'
        ? line.match(/^\s+(fedrank(?: [^\s<[]+)+(?: [<[][^\s]+)*)(.*)$/)
        : line.match(/^\s+((?:-\w, )?--?[\w-]+|[\w-]+)(.*)$/);
    if (!m) throw new Error(`unexpected help line in ${section}: ${line}`);
    const annotations = m[2].match(ANNOTATIONS)?.[1] ?? '';
    const description = m[2].slice(0, m[2].length - annotations.length).trim();
    entries.push({ section, name: m[1], description, annotations: annotations.trim() });
  }
  return entries;
}

const help = (words: string[]): Promise<string> => buildCli(words, { width: null }).exitProcess(false).getHelp();

/** The usage error that parsing `argv` throws (it must throw one). */
async function usageError(argv: string[]): Promise<Error & { exitCode: number }> {
  let error: unknown;
  try {
    await buildCli(argv, { width: null }).exitProcess(false).parseAsync();
  } catch (e) {
    error = e;
  }
  if (!isUserFacingError(error)) throw new Error(`fedrank ${argv.join(' ')}: expected a usage error, got ${String(error)}`);
  return error;
}

/** Arguments that satisfy a command's positionals and required options (from its help), so that one more is the only error. */
function requiredArguments(entries: readonly HelpEntry[]): string[] {
  const args: string[] = [];
  for (const e of entries) {
    const value = e.annotations.match(/\[choices: "([^"]+)"/)?.[1] ?? 'x';
    if (e.section === 'Positionals') args.unshift(value);
    else if (e.annotations.includes('[required]')) args.push(e.name.replace(/^-\w, /, ''), value);
  }
  return args;
}

const paths = walk(commands);

describe('the command tree', () => {
  it('holds every command and sub-command', () => {
    const names = paths.map((p) => p.words.join(' '));
    expect(names).toEqual(
      expect.arrayContaining(['run', 'report', 'report comm', 'mechanism facility', 'partition export', 'bench robustness']),
    );
    expect(paths.length).toBeGreaterThanOrEqual(14);
  });
});

describe.each(paths.map((p) => [p.words.join(' '), p] as const))('fedrank %s', (_name, path) => {
  it('--help describes every option, positional and sub-command', async () => {
    const entries = helpEntries(await help(path.words));
    expect(entries.some((e) => e.name === '--help')).toBe(true);
    for (const e of entries) {
      expect(e.description, `${e.section} ${e.name}`).not.toBe('');
      expect(e.annotations.includes('[required]') && e.annotations.includes('[default:'), `${e.name}: ${e.annotations}`).toBe(false);
    }
    if (path.group) expect(entries.some((e) => e.section === 'Commands')).toBe(true);
  });

  it('an unknown option is one line naming it, exit 2', async () => {
    const entries = helpEntries(await help(path.words));
    const argv = [...path.words, ...requiredArguments(entries), '--bogus-option'];
    const e = await usageError(argv);
    expect(e.exitCode).toBe(2);
    expect(e.message).not.toMatch(/\n/);
    if (!path.group || entries.some((x) => x.section === 'Positionals')) {
      expect(e.message).toBe(`unknown option or argument: bogus-option; see fedrank ${path.words.join(' ')} --help`);
    }
  });
});

describe('bad usage through the built binary', () => {
  beforeAll(buildOnce, 300_000);

  it.each([
    [['report', 'comm'], 'fedrank: missing an argument (got 0, need 1); see fedrank report comm --help'],
    [['partition', 'export', 'configs/quickstart.yaml'], 'fedrank: missing required option: --out; see fedrank partition export --help'],
    [
      ['mechanism', 'facility', '--mechanism', 'median', '--bogus'],
      'fedrank: unknown option or argument: bogus; see fedrank mechanism facility --help',
    ],
    [['sweep', 's.yaml', '--status', '--collect'], 'fedrank: --status and --collect do not go together; see fedrank sweep --help'],
    [['mechanism', 'facilty'], 'fedrank: unknown command; did you mean facility? see fedrank mechanism --help'],
  ])('fedrank %j', async (argv, line) => {
    const r = await runCli(argv);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`${line}\n`);
  });
});
