import { describe, expect, it } from 'vitest';
import { usageMessage } from './usage-message.js';

describe('usageMessage', () => {
  it("rewrites yargs's messages in fedrank's words, with the command's --help", () => {
    expect(usageMessage('Not enough non-option arguments: got 1, need at least 2', ['report', 'comm'])).toBe(
      'missing an argument (got 1, need 2); see fedrank report comm --help',
    );
    expect(usageMessage('Unknown argument: bogus', [])).toBe('unknown option or argument: bogus; see fedrank --help');
    expect(usageMessage('Unknown arguments: bogus-option, bogusOption, x', ['run'])).toBe(
      'unknown option or argument: bogus-option, x; see fedrank run --help',
    );
    expect(usageMessage('Missing required argument: out', ['report'])).toBe('missing required option: --out; see fedrank report --help');
    expect(usageMessage('Invalid values:\n  Argument: log-level, Given: "loud", Choices: "error", "warn"', ['run'])).toBe(
      '--log-level: expected one of "error", "warn", got "loud"; see fedrank run --help',
    );
    expect(usageMessage('Arguments status and collect are mutually exclusive', ['sweep'])).toBe(
      '--status and --collect do not go together; see fedrank sweep --help',
    );
    expect(usageMessage('Did you mean facility?', ['mechanism'])).toBe(
      'unknown command; did you mean facility? see fedrank mechanism --help',
    );
    expect(usageMessage('Name a command: fedrank <command> --help lists them.', [])).toBe(
      'Name a command: fedrank <command> --help lists them.',
    );
  });
});
