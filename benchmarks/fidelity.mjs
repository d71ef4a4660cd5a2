#!/usr/bin/env node
// Fidelity against the reference FRL code: runs the reference setting (LeNet, Fashion-MNIST, the
// reference's own client split: configs/frl-lenet-fashion-mnist-reference-split.yaml) for several
// seeds, clean and under rank reversal at 10%, and prints at every round the reference reports
// fedrank's mean test accuracy, its spread (sample standard deviation, min..max) and the
// reference's figure (benchmarks/fidelity-reference.json), with the difference.
//
//   npm run build && npm run bench:fidelity -- [--seeds 3] [--rounds 41] [--settings clean,rank-reversal]
//       [--config configs/frl-lenet-fashion-mnist-reference-split.yaml] [--out runs/fidelity] [--set key=value ...]
//
// Rounds are numbered from 0 as in the reference's log, so round 40 needs --rounds 41; each
// setting runs only up to its last reference round (rank reversal: 24 rounds). Every run goes
// through the built `fedrank run` into OUT/<setting>-seed<S>-r<R>; an interrupted benchmark
// picks up where it stopped (`fedrank run --resume`: finished runs are read back, interrupted
// ones continue from their checkpoint).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const repo = resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    seeds: { type: 'string', default: '3' },
    rounds: { type: 'string', default: '41' },
    settings: { type: 'string', default: 'clean,rank-reversal' },
    config: { type: 'string', default: join(repo, 'configs/frl-lenet-fashion-mnist-reference-split.yaml') },
    out: { type: 'string', default: 'runs/fidelity' },
    set: { type: 'string', multiple: true, default: [] },
  },
});
const reference = JSON.parse(readFileSync(join(repo, 'benchmarks/fidelity-reference.json'), 'utf8'));
const seeds = Array.from({ length: Number(values.seeds) }, (_, i) => i + 1);
const maxRounds = Number(values.rounds);
const names = values.settings.split(',').filter(Boolean);
for (const n of names)
  if (!reference.settings[n]) throw new Error(`--settings: unknown setting ${n}; known: ${Object.keys(reference.settings).join(', ')}`);

/** One `fedrank run` (or its resumption); resolves to the accuracy per evaluated round. */
function run(setting, seed, rounds) {
  const dir = resolve(values.out, `${setting}-seed${seed}-r${rounds}`);
  const sets = [`seed=${seed}`, `federation.rounds=${rounds}`, ...reference.settings[setting].set, ...values.set];
  const args = [join(repo, 'packages/cli/bin/fedrank.js'), 'run', values.config, ...sets.flatMap((s) => ['--set', s]), '--resume', dir];
  return new Promise((done, fail) => {
    // The run's summary table goes to /dev/null: one line per run here, from its summary.json.
    const child = spawn('node', args, { stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('close', (status) => {
      if (status !== 0) return fail(new Error(`fedrank run exited with ${status}: node ${args.join(' ')}`));
      const s = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
      console.log(
        `  ${setting} seed ${seed}: ${s.completedRounds}/${s.rounds} rounds, final accuracy ${f(s.finalAccuracy, 4)}, ${s.wallSeconds.toFixed(1)} s -> ${dir}`,
      );
      const lines = readFileSync(join(dir, 'metrics.jsonl'), 'utf8').trim().split('\n');
      done(new Map(lines.map((l) => JSON.parse(l)).map((m) => [m.round, m.accuracy])));
    });
  });
}

const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const sd = (xs) => (xs.length < 2 ? NaN : Math.sqrt(xs.reduce((a, x) => a + (x - mean(xs)) ** 2, 0) / (xs.length - 1)));
const f = (x, d = 3) => (Number.isFinite(x) ? x.toFixed(d) : '-');

const tables = [];
for (const name of names) {
  const setting = reference.settings[name];
  const checkpoints = Object.keys(setting.accuracy).map(Number);
  const rounds = Math.min(maxRounds, Math.max(...checkpoints) + 1);
  console.log(`${setting.label}: ${seeds.length} seed(s) x ${rounds} rounds`);
  const runs = [];
  for (const seed of seeds) runs.push(await run(name, seed, rounds));
  const rows = checkpoints.map((round) => {
    const ours = runs.map((r) => r.get(round)).filter((a) => a !== undefined);
    const ref = mean(setting.accuracy[round]);
    const m = ours.length ? mean(ours) : NaN;
    return [
      String(round),
      f(m),
      f(sd(ours)),
      ours.length ? `${f(Math.min(...ours))}..${f(Math.max(...ours))}` : '-',
      String(ours.length),
      `${f(ref)}${setting.accuracy[round].length > 1 ? ` (mean of ${setting.accuracy[round].length})` : ''}`,
      ours.length ? (m - ref >= 0 ? '+' : '') + f(m - ref) : '-',
    ];
  });
  tables.push({ title: `${setting.label}, ${values.config} (${seeds.length} seed(s): ${seeds.join(', ')}; ${rounds} rounds)`, rows });
}

const head = ['round', 'fedrank mean', 'sd', 'min..max', 'seeds', 'reference', 'fedrank - reference'];
console.log('');
for (const t of tables) {
  const widths = head.map((h, i) => Math.max(h.length, ...t.rows.map((r) => r[i].length)));
  const line = (cells) => cells.map((c, i) => c.padStart(widths[i])).join('  ');
  console.log(t.title);
  console.log(line(head));
  for (const r of t.rows) console.log(line(r));
  console.log('');
}
console.log(`reference: ${reference.source}`);
