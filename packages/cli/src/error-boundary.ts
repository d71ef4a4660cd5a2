/**
 * The CLI's one error boundary: a user error (it carries an exit code) prints its one line; any
 * other exception prints `fedrank: internal error: <message> (details in <log file>)`, exits 1,
 * and its stack trace goes to that log file, not to the terminal.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { isUserFacingError } from './user-error.js';

/** Where internal-error reports go: $FEDRANK_LOG_DIR, else <tmpdir>/fedrank. */
export function internalErrorLogDir(): string {
  return process.env.FEDRANK_LOG_DIR ?? join(tmpdir(), 'fedrank');
}

function firstLine(text: string): string {
  const line = text.split('\n', 1)[0].trim();
  return line.length > 300 ? line.slice(0, 300) + '...' : line;
}

/** Writes the report of an internal error; returns its path, or undefined when it cannot be written. */
function writeReport(e: unknown, argv: readonly string[]): string | undefined {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '');
  const file = join(internalErrorLogDir(), `internal-error-${stamp}-${process.pid}.log`);
  // inspect prints the stack and, below it, the cause's (a plugin's own stack under PluginCodeError).
  const detail = e instanceof Error ? inspect(e, { depth: 4 }) : String(e);
  try {
    mkdirSync(internalErrorLogDir(), { recursive: true });
    writeFileSync(file, `fedrank ${argv.join(' ')}\nnode ${process.version}\n\n${detail}\n`);
    return file;
  } catch {
    return undefined;
  }
}

/** Prints the one line for `e` and sets the exit code. */
export function reportError(e: unknown, argv: readonly string[]): void {
  if (isUserFacingError(e)) {
    process.stderr.write(`fedrank: ${firstLine(e.message)}\n`);
    process.exitCode = e.exitCode;
    return;
  }
  const message = firstLine(e instanceof Error ? e.message : String(e)) || (e instanceof Error ? e.name : 'unknown error');
  const file = writeReport(e, argv);
  process.stderr.write(`fedrank: internal error: ${message} (details in ${file ?? 'no log: the log directory is not writable'})\n`);
  process.exitCode = 1;
}
