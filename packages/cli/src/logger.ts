/**
 * Run logs through pino: JSON lines to the run's log file, and human-readable lines on stderr
 * when it is a terminal (pino-pretty) so a progress bar can own stdout.
 */
import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';

/** `stderr`: also JSON lines on stderr (when it is not a terminal: a daemon's log). */
export function createRunLogger(file: string | undefined, options: { tty: boolean; level?: string; stderr?: boolean }): Logger {
  const streams: pino.StreamEntry[] = [];
  if (options.stderr) streams.push({ level: 'info', stream: pino.destination({ dest: 2, sync: true }) });
  if (file) streams.push({ level: 'debug', stream: pino.destination({ dest: file, sync: true, mkdir: true }) });
  if (options.tty) streams.push({ level: 'info', stream: pretty({ destination: 2, colorize: true, ignore: 'pid,hostname', sync: true }) });
  return pino({ level: options.level ?? 'debug', base: undefined }, pino.multistream(streams));
}
