/**
 * Run logs through pino: every event as a JSON line in the run's log file (debug and up), and,
 * when a terminal view is given, one human line per event at the chosen level (pino-pretty,
 * messages only: the structured fields stay in the file) written through the view, so log lines
 * and the progress bar do not overwrite each other.
 */
import { Writable } from 'node:stream';
import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';

export const LOG_LEVELS = ['error', 'warn', 'info', 'debug'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface LogSink {
  line(text: string): void;
}

/** `jsonStderr`: also every event at `level` (default info) as a JSON line on stderr (a daemon's log when stderr is not a terminal). */
export function createRunLogger(file: string | undefined, options: { terminal?: LogSink; level?: LogLevel; jsonStderr?: boolean }): Logger {
  const streams: pino.StreamEntry[] = [];
  if (options.jsonStderr) streams.push({ level: options.level ?? 'info', stream: pino.destination({ dest: 2, sync: true }) });
  if (file) streams.push({ level: 'debug', stream: pino.destination({ dest: file, sync: true, mkdir: true }) });
  const terminal = options.terminal;
  if (terminal) {
    const sink = new Writable({
      write(chunk: Buffer | string, _encoding, done) {
        terminal.line(chunk.toString().replace(/\n$/, ''));
        done();
      },
    });
    streams.push({
      level: options.level ?? 'info',
      stream: pretty({
        destination: sink,
        colorize: true,
        ignore: 'pid,hostname',
        hideObject: true,
        sync: true,
      }),
    });
  }
  return pino({ level: 'debug', base: undefined }, pino.multistream(streams));
}
