/**
 * Long `fedrank mechanism` work on the terminal. Once it has run for a second: a progress bar on
 * stderr (cli-progress) on a terminal; otherwise a line then, and one at every tenth done; nothing
 * for work that ends sooner. Ctrl-C (SIGINT) stops it at the next chunk of steps, within a fraction of a second,
 * with one line `stopped at <unit> X of Y; nothing written` and exit 130; a second Ctrl-C kills the
 * process at once. The meter gives the event loop a turn every TURN_MS so the signal is seen;
 * the work itself, and so its result, does not change.
 */
import cliProgress from 'cli-progress';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { WorkHook, WorkProgress, WorkSteps } from '@fedrank/mechanisms';

/** How long work runs before its progress is shown. */
export const SHOW_AFTER_MS = 1000;
/** Longest stretch of work between two turns of the event loop. */
const TURN_MS = 50;

/** The work was stopped by Ctrl-C: printed as its one line, exit 130. */
export class WorkStopped extends Error {
  readonly exitCode = 130;
  constructor(message: string) {
    super(message);
    this.name = 'WorkStopped';
  }
}

export interface WorkMeter {
  /** For async loops: shows the progress and throws WorkStopped after Ctrl-C. */
  hook: WorkHook;
  /** Drives steps to their result, showing progress and stopping on Ctrl-C. */
  drive<R>(steps: WorkSteps<R>): Promise<R>;
  /** Removes the bar and the SIGINT handler; call it in a finally. */
  close(): void;
}

export interface WorkMeterOptions {
  /** What the bar counts, in the singular and plural ("profile", "profiles"). */
  unit: [string, string];
  out?: NodeJS.WriteStream;
  tty?: boolean;
}

const count = (n: number): string => (n < 1e6 ? String(n) : n.toExponential(2));

export function startWorkMeter(label: string, options: WorkMeterOptions): WorkMeter {
  const out = options.out ?? process.stderr;
  const tty = options.tty ?? Boolean(out.isTTY);
  const [one, many] = options.unit;
  const started = performance.now();
  let lastTurn = started;
  let stopped = false;
  /** Off a terminal: the next tenth done that prints a line (0: the first line, printed when progress is first shown). */
  let nextTenth = 0;
  let bar: cliProgress.SingleBar | undefined;

  const onSigint = (): void => {
    if (stopped) process.exit(130);
    stopped = true;
  };
  process.on('SIGINT', onSigint);

  const show = (p: WorkProgress): void => {
    if (tty) {
      if (!bar) {
        bar = new cliProgress.SingleBar(
          {
            format: `${label} [{bar}] {percentage}% | {done} of {all} ${many} | {eta_formatted} left | Ctrl-C stops`,
            hideCursor: true,
            stream: out,
            clearOnComplete: true,
            etaBuffer: 50,
          },
          cliProgress.Presets.shades_classic,
        );
        bar.start(p.total, p.done, { done: count(p.done), all: count(p.total) });
      } else bar.update(p.done, { done: count(p.done), all: count(p.total) });
      return;
    }
    const tenth = Math.floor((10 * p.done) / p.total);
    if (nextTenth === 0 || tenth >= nextTenth) {
      const stops = nextTenth === 0 ? '; Ctrl-C stops' : '';
      nextTenth = Math.max(tenth, 0) + 1;
      out.write(`${label}: ${Math.floor((100 * p.done) / p.total)}% (${count(p.done)} of ${count(p.total)} ${many})${stops}\n`);
    }
  };

  const stop = (p: WorkProgress): never => {
    bar?.stop();
    bar = undefined;
    throw new WorkStopped(`stopped at ${one} ${p.done} of ${p.total}; nothing written`);
  };

  const hook = async (p: WorkProgress): Promise<void> => {
    const now = performance.now();
    if (now - started >= SHOW_AFTER_MS) show(p);
    if (now - lastTurn >= TURN_MS) {
      await nextTurn();
      lastTurn = performance.now();
    }
    if (stopped) stop(p);
  };

  return {
    hook,
    async drive<R>(steps: WorkSteps<R>): Promise<R> {
      for (;;) {
        const s = steps.next();
        if (s.done) return s.value;
        await hook(s.value);
      }
    },
    close() {
      process.off('SIGINT', onSigint);
      bar?.stop();
      bar = undefined;
    },
  };
}
