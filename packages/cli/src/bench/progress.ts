/**
 * Progress of a benchmark on stderr: one line per finished cell, under a cli-progress bar on a
 * terminal, plain lines otherwise (logs, CI).
 */
import cliProgress from 'cli-progress';

export interface BenchProgress {
  /** A line that stays (a finished cell, a note). */
  line(text: string): void;
  /** Cells finished so far (of `total`) and cells running now. */
  update(finished: number, running: number): void;
  stop(): void;
}

export function createBenchProgress(total: number, tty: boolean, out: NodeJS.WritableStream = process.stderr): BenchProgress {
  if (!tty) {
    return {
      line: (text) => void out.write(`${text}\n`),
      update() {},
      stop() {},
    };
  }
  const bars = new cliProgress.MultiBar(
    {
      format: 'cells {value}/{total} [{bar}] {percentage}% | {running} running | {eta_formatted} left',
      hideCursor: true,
      stream: out,
      clearOnComplete: false,
      etaBuffer: 20,
    },
    cliProgress.Presets.shades_classic,
  );
  const bar = bars.create(total, 0, { running: 0 });
  return {
    line: (text) => bars.log(`${text}\n`),
    update: (finished, running) => bar.update(finished, { running }),
    stop: () => bars.stop(),
  };
}
