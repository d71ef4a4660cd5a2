/**
 * What a run shows while it runs. On a terminal: one line per evaluated round that stays on
 * screen (round, accuracy, loss, seconds, bytes uploaded per client) and log lines, both above a
 * progress bar (cli-progress). Not on a terminal: the same lines, no bar. Quiet: nothing.
 * Rounds are numbered from 0, as in metrics.jsonl; the bar counts rounds done.
 */
import cliProgress from 'cli-progress';
import type { RoundMetrics, RunProgress } from '@fedrank/server';

export interface ProgressView {
  progress(p: RunProgress): void;
  round(m: RoundMetrics): void;
  /** A line for the user (a log event, a notice), kept above the bar. */
  line(text: string): void;
  stop(): void;
}

export type ProgressMode = 'tty' | 'lines' | 'quiet';

function formatBytes(n: number): string {
  if (!Number.isFinite(n)) return 'n/a';
  if (n >= 2 ** 20) return `${(n / 2 ** 20).toFixed(2)} MiB`;
  if (n >= 2 ** 10) return `${(n / 2 ** 10).toFixed(1)} KiB`;
  return `${n} B`;
}

export function roundLine(m: RoundMetrics): string {
  const num = (x: number): string => (Number.isFinite(x) ? x.toFixed(4) : 'n/a');
  const rejected = m.rejectedUpdates > 0 ? `, ${m.rejectedUpdates} rejected` : '';
  return `round ${m.round}: accuracy ${num(m.accuracy)} loss ${num(m.loss)} (${m.seconds.toFixed(1)} s, ${formatBytes(m.uploadBytesPerClient)} up/client${rejected})`;
}

export function createProgressView(mode: ProgressMode | boolean, out: NodeJS.WritableStream = process.stderr): ProgressView {
  const m: ProgressMode = mode === true ? 'tty' : mode === false ? 'lines' : mode;
  if (m === 'quiet') return { progress() {}, round() {}, line() {}, stop() {} };
  if (m === 'lines') {
    return {
      progress() {},
      round: (r) => void out.write(roundLine(r) + '\n'),
      line: (text) => void out.write(text.endsWith('\n') ? text : text + '\n'),
      stop() {},
    };
  }
  const multi = new cliProgress.MultiBar(
    {
      format: '{done}/{rounds} rounds [{bar}] {percentage}% | client {client}/{perRound} | acc {acc} | {eta_formatted} left',
      hideCursor: true,
      stream: out,
      etaBuffer: 50,
      clearOnComplete: false,
    },
    cliProgress.Presets.shades_classic,
  );
  let bar: cliProgress.SingleBar | undefined;
  let lastAcc = '-';
  const put = (text: string): void => {
    const t = text.endsWith('\n') ? text : text + '\n';
    if (bar) multi.log(t);
    else out.write(t);
  };
  return {
    progress(p) {
      const done = p.round * p.clientsPerRound + p.clientsDone;
      const payload = { done: p.round, rounds: p.rounds, client: p.clientsDone, perRound: p.clientsPerRound, acc: lastAcc };
      if (!bar) bar = multi.create(p.rounds * p.clientsPerRound, done, payload);
      else bar.update(done, payload);
    },
    round(r) {
      lastAcc = Number.isFinite(r.accuracy) ? r.accuracy.toFixed(4) : '-';
      put(roundLine(r));
      if (bar) bar.update({ acc: lastAcc, done: r.round + 1 });
    },
    line: put,
    stop() {
      if (!bar) return;
      multi.update(); // draws the lines still waiting above the bar
      multi.stop();
      bar = undefined;
    },
  };
}
