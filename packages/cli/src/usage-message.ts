/**
 * Usage errors in fedrank's words: yargs's own messages about the command line, rewritten to say
 * what is wrong and where to look. `command` is what the user typed before the options (for the
 * hint to its --help).
 */
const REWRITES: [RegExp, (m: RegExpMatchArray, help: string) => string][] = [
  [
    /^Not enough non-option arguments: got (\d+), need at least (\d+)/,
    (m, help) => `missing an argument (got ${m[1]}, need ${m[2]}); ${help}`,
  ],
  [
    /^Too many non-option arguments: got (\d+), maximum of (\d+)/,
    (m, help) => `too many arguments (got ${m[1]}, at most ${m[2]}); ${help}`,
  ],
  [/^Unknown arguments?: (.*)/, (m, help) => `unknown option or argument: ${withoutCamelCase(m[1].split(', ')).join(', ')}; ${help}`],
  [
    /^Missing required arguments?: (.*)/,
    (m, help) =>
      `missing required option: ${m[1]
        .split(', ')
        .map((a) => `--${a}`)
        .join(', ')}; ${help}`,
  ],
  [/^Arguments (\S+) and (\S+) are mutually exclusive/, (m, help) => `--${m[1]} and --${m[2]} do not go together; ${help}`],
  [/^Did you mean (\S+)\?/, (m, help) => `unknown command; did you mean ${m[1]}? ${help}`],
  [
    /^Invalid values:\s*Argument: (\S+), Given: (.*), Choices: (.*)/s,
    (m, help) => `--${m[1]}: expected one of ${m[3].trim()}, got ${m[2].trim()}; ${help}`,
  ],
];

/** yargs names an unknown `--foo-bar` twice, as foo-bar and fooBar: the user typed the first. */
function withoutCamelCase(names: readonly string[]): string[] {
  const camel = (s: string): string => s.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
  return names.filter((n) => !(n !== camel(n) ? false : names.some((o) => o !== n && camel(o) === n)));
}

export function usageMessage(message: string, command: readonly string[]): string {
  const help = `see fedrank ${command.length ? command.join(' ') + ' ' : ''}--help`;
  for (const [pattern, rewrite] of REWRITES) {
    const m = message.match(pattern);
    if (m) return rewrite(m, help).replace(/\s+/g, ' ');
  }
  return message.replace(/\s+/g, ' ');
}
