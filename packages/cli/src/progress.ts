/**
 * Progress of a long run: a bar on a terminal (cli-progress), one quiet line per evaluated
 * round otherwise.
 */
import cliProgress from 'cli-progress';
import type { RoundMetrics, RunProgress } from '@fedrank/server';

export interface ProgressView {
  progress(p: RunProgress): void;
  round(m: RoundMetrics): void;
  stop(): void;
}

export function createProgressView(tty: boolean, out: NodeJS.WritableStream = process.stderr): ProgressView {
  if (!tty) {
    return {
      progress() {},
      round(m) {
        out.write(`round ${m.round}: accuracy ${m.accuracy.toFixed(4)} loss ${m.loss.toFixed(4)} (${m.seconds.toFixed(1)} s)\n`);
      },
      stop() {},
    };
  }
  const bar = new cliProgress.SingleBar(
    {
      format: 'round {round}/{rounds} [{bar}] {percentage}% | client {client}/{perRound} | acc {acc} | {eta_formatted} left',
      hideCursor: true,
      stream: out,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  let lastAcc = '-';
  return {
    progress(p) {
      const done = p.round * p.clientsPerRound + p.clientsDone;
      const payload = { round: p.round + 1, rounds: p.rounds, client: p.clientsDone, perRound: p.clientsPerRound, acc: lastAcc };
      if (!started) {
        bar.start(p.rounds * p.clientsPerRound, done, payload);
        started = true;
      } else bar.update(done, payload);
    },
    round(m) {
      lastAcc = m.accuracy.toFixed(4);
      if (started) bar.update({ acc: lastAcc });
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
