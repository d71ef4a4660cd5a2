/**
 * What `fedrank run` prints on stdout when a run ends: a short aligned table (rounds, accuracy,
 * loss, time, backend, communication, rejected updates, rule and attack, output directory), or
 * with --quiet the one line that names the result and the output directory.
 */
import type { RunSummary } from './run-experiment.js';

const num = (x: number | undefined): string => (x !== undefined && Number.isFinite(x) ? x.toFixed(4) : 'n/a');

function bytes(n: number): string {
  if (!Number.isFinite(n)) return 'n/a';
  if (n >= 2 ** 20) return `${(n / 2 ** 20).toFixed(2)} MiB`;
  if (n >= 2 ** 10) return `${(n / 2 ** 10).toFixed(1)} KiB`;
  return `${Math.round(n)} B`;
}

function status(s: RunSummary): string {
  if (s.alreadyFinished) return 'already finished, nothing run';
  if (s.interrupted) return `interrupted; fedrank run --resume ${s.outDir} continues it`;
  return s.resumedFromRound !== undefined ? `done (resumed after round ${s.resumedFromRound})` : 'done';
}

function attack(s: RunSummary): string {
  return s.attack === 'none' ? 'no attack' : `attack ${s.attack} (${Math.round(s.attackFraction * 100)}% of clients malicious)`;
}

/** The end-of-run table: label and value columns, at most 12 lines. */
export function summaryTable(s: RunSummary): string {
  const rows: [string, string][] = [
    ['rounds', `${s.completedRounds}/${s.rounds}, ${status(s)}`],
    ['final accuracy', `${num(s.finalAccuracy)}${s.finalRound !== undefined ? ` (round ${s.finalRound})` : ''}`],
    ['best accuracy', s.bestRound >= 0 ? `${num(s.bestAccuracy)} (round ${s.bestRound})` : 'n/a'],
  ];
  if (s.finalLoss !== undefined) rows.push(['final loss', num(s.finalLoss)]);
  if (s.postTraining) rows.push(['base accuracy', `${num(s.postTraining.baseAccuracy)} (the model of ${s.postTraining.from})`]);
  const perRound = s.completedRounds > 0 ? `, ${(s.wallSeconds / s.completedRounds).toFixed(1)} s per round` : '';
  rows.push(['time', `${s.wallSeconds.toFixed(1)} s${perRound}`]);
  rows.push(['backend', `${s.backend}, ${s.workers} worker${s.workers === 1 ? '' : 's'}`]);
  const c = s.communication;
  if (c) {
    rows.push([
      'communication',
      `${bytes(c.uploadBytesPerClientRound)} up, ${bytes(c.downloadBytesPerClientRound)} down per client per round (${c.codec})`,
    ]);
  }
  if (s.rejectedUpdates) rows.push(['rejected', `${s.rejectedUpdates} malformed update${s.rejectedUpdates === 1 ? '' : 's'}`]);
  rows.push(['aggregation', `${s.aggregator}, ${attack(s)}`]);
  rows.push(['output', s.outDir]);
  const width = Math.max(...rows.map(([label]) => label.length));
  return rows.map(([label, value]) => `${label.padEnd(width)}  ${value}`).join('\n') + '\n';
}

/** The one line of --quiet: status, rounds, accuracies, time, backend and output directory. */
export function summaryLine(s: RunSummary): string {
  const from = s.resumedFromRound !== undefined ? ` (resumed after round ${s.resumedFromRound})` : '';
  return (
    `${s.alreadyFinished ? 'already finished, nothing to run: ' : ''}${s.interrupted ? 'interrupted' : 'done'}: ` +
    `${s.completedRounds}/${s.rounds} rounds${from}, final accuracy ${num(s.finalAccuracy)}, ` +
    `best ${num(s.bestAccuracy)} (round ${s.bestRound}), ${s.wallSeconds.toFixed(1)} s on ${s.backend} -> ${s.outDir}\n`
  );
}
