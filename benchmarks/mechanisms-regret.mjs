#!/usr/bin/env node
// Regret of the explore-then-commit learner for information acquisition (issue 7):
// cumulative regret at T = 10^3, 10^4, 10^5 on shipped instances, averaged over seeds, and the
// exponent b of the least-squares fit log R = a + b log T (Cacciamani, Castiglioni, Gatti bound
// the regret by O~(T^(2/3)), so b should be near or below 2/3).
//
//   npx tsc -b packages/mechanisms   (or the whole repo with --cli)
//   node benchmarks/mechanisms-regret.mjs [--seeds 5] [--horizons 1000,10000,100000]
//        [--instances single-agent-cost-0.1.json,two-specialists.json] [--cli]
//
// By default the built package (packages/mechanisms/dist) runs in this process; with --cli every
// run goes through the built CLI: fedrank mechanism info-acquisition I --online --horizon T
// --seed S --json.
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const opt = (name, fallback) => {
  const k = argv.indexOf(`--${name}`);
  return k >= 0 ? argv[k + 1] : fallback;
};
const seeds = Number(opt('seeds', '5'));
const horizons = opt('horizons', '1000,10000,100000').split(',').map(Number);
const instances = opt('instances', 'single-agent-cost-0.1.json,two-specialists.json').split(',');
const useCli = argv.includes('--cli');

let runOnline;
let readInstanceFile;
if (!useCli) {
  ({ runOnline, readInstanceFile } = await import(pathToFileURL(join(repo, 'packages/mechanisms/dist/index.js')).href));
}

async function regret(instancePath, T, seed) {
  if (useCli) {
    const r = spawnSync(
      'node',
      [
        join(repo, 'packages/cli/bin/fedrank.js'),
        'mechanism',
        'info-acquisition',
        instancePath,
        '--online',
        '--horizon',
        String(T),
        '--seed',
        String(seed),
        '--json',
      ],
      { encoding: 'utf8' },
    );
    if (r.status !== 0) throw new Error(`fedrank failed (${r.status}): ${r.stderr}`);
    return JSON.parse(r.stdout);
  }
  return runOnline(readInstanceFile(instancePath), { horizon: T, seed });
}

/** Least-squares slope of y on x. */
function slope(xs, ys) {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i] - mx) * (ys[i] - my);
    sxx += (xs[i] - mx) ** 2;
  }
  return sxy / sxx;
}

const fmt = (x, d = 1) => x.toFixed(d);
console.log(`explore-then-commit regret, ${seeds} seeds per horizon, via ${useCli ? 'the built CLI' : 'the built package'}`);
for (const name of instances) {
  const path = join(repo, 'configs/mechanisms', name);
  console.log(`\n${name}`);
  console.log(
    'T'.padEnd(9) + 'T0'.padEnd(8) + 'mean regret'.padEnd(14) + 'sd'.padEnd(10) + 'regret/T'.padEnd(10) + 'committed value (OPT)  hires',
  );
  const means = [];
  for (const T of horizons) {
    const runs = [];
    for (let s = 1; s <= seeds; s++) runs.push(await regret(path, T, s));
    const rs = runs.map((r) => r.regret);
    const mean = rs.reduce((a, b) => a + b, 0) / rs.length;
    const sd = Math.sqrt(rs.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, rs.length - 1));
    means.push(mean);
    const committed = runs.map((r) => (r.committed ? r.committed.trueValue : NaN));
    const cmean = committed.reduce((a, b) => a + b, 0) / committed.length;
    const hires = runs
      .map((r) =>
        (r.committed?.recommendation ?? [])
          .filter((x) => x.p > 0.5)
          .map((x) => `[${x.profile.join(',')}]`)
          .join(''),
      )
      .join(' ');
    console.log(
      String(T).padEnd(9) +
        String(runs[0].explorationRounds).padEnd(8) +
        fmt(mean).padEnd(14) +
        fmt(sd).padEnd(10) +
        fmt(mean / T, 4).padEnd(10) +
        `${fmt(cmean, 4)} (${fmt(runs[0].optimum, 4)})`.padEnd(23) +
        hires,
    );
  }
  const lx = horizons.map((t) => Math.log10(t));
  const ly = means.map((r) => Math.log10(r));
  const decades = [];
  for (let i = 1; i < horizons.length; i++)
    decades.push(`${horizons[i - 1]}->${horizons[i]}: ${fmt(slope(lx.slice(i - 1, i + 1), ly.slice(i - 1, i + 1)), 3)}`);
  console.log(
    `fitted exponent (least squares of log R on log T over ${horizons.join(', ')}): ${fmt(slope(lx, ly), 3)}   [paper's bound: 2/3]`,
  );
  console.log(`local slopes: ${decades.join(', ')}`);
}
