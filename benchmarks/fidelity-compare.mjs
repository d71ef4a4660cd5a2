#!/usr/bin/env node
// Two sets of fidelity runs side by side: the mean test accuracy over seeds at every round of
// `bench:fidelity` output directories A and B (e.g. a build before and after a change that
// alters float rounding), the seeds' sample standard deviations, the difference B - A with its
// standard error sqrt(sdA^2/nA + sdB^2/nB), and the largest |B - A| over the rounds.
// Each directory holds <setting>-seed<S>-r<R>/metrics.jsonl as bench:fidelity writes them; only
// seeds present in both are compared.
//
//   node benchmarks/fidelity-compare.mjs --a runs/fidelity-before --b runs/fidelity [--setting clean]
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { a: { type: 'string' }, b: { type: 'string' }, setting: { type: 'string', default: 'clean' } } });
if (!values.a || !values.b) {
  console.error('fidelity-compare: --a DIR and --b DIR are required (bench:fidelity output directories)');
  process.exit(2);
}
for (const dir of [values.a, values.b]) {
  if (!existsSync(dir)) {
    console.error(`fidelity-compare: ${dir}: no such directory`);
    process.exit(2);
  }
}

/** seed -> accuracy per round, from DIR/<setting>-seed<S>-r<R>/metrics.jsonl. */
function curves(dir) {
  const out = new Map();
  const pattern = new RegExp(`^${values.setting}-seed(\\d+)-r\\d+$`);
  for (const name of readdirSync(dir)) {
    const m = pattern.exec(name);
    const file = join(dir, name, 'metrics.jsonl');
    if (!m || !existsSync(file)) continue;
    const rows = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l));
    out.set(Number(m[1]), new Map(rows.map((r) => [r.round, r.accuracy])));
  }
  return out;
}

const a = curves(values.a);
const b = curves(values.b);
const seeds = [...a.keys()].filter((s) => b.has(s)).sort((x, y) => x - y);
if (seeds.length === 0) {
  console.error(`fidelity-compare: no ${values.setting} seed in both directories`);
  process.exit(2);
}
const rounds = [...a.get(seeds[0]).keys()].filter((r) => seeds.every((s) => a.get(s).has(r) && b.get(s).has(r))).sort((x, y) => x - y);
const mean = (xs) => xs.reduce((p, v) => p + v, 0) / xs.length;
const sd = (xs) => (xs.length < 2 ? NaN : Math.sqrt(xs.reduce((p, v) => p + (v - mean(xs)) ** 2, 0) / (xs.length - 1)));
console.log(`${values.setting}: seeds ${seeds.join(', ')}; A = ${values.a}, B = ${values.b}`);
console.log('| round | A mean | A sd | B mean | B sd | B - A | se of B - A |');
console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
let worst = { round: -1, diff: 0 };
for (const r of rounds) {
  const xa = seeds.map((s) => a.get(s).get(r));
  const xb = seeds.map((s) => b.get(s).get(r));
  const [ma, mb] = [mean(xa), mean(xb)];
  const d = mb - ma;
  const se = Math.sqrt(sd(xa) ** 2 / xa.length + sd(xb) ** 2 / xb.length);
  if (Math.abs(d) > Math.abs(worst.diff)) worst = { round: r, diff: d };
  console.log(
    `| ${r} | ${ma.toFixed(4)} | ${sd(xa).toFixed(4)} | ${mb.toFixed(4)} | ${sd(xb).toFixed(4)} | ${d >= 0 ? '+' : ''}${d.toFixed(4)} | ${se.toFixed(4)} |`,
  );
}
const lastA = mean(seeds.map((s) => a.get(s).get(rounds.at(-1))));
const lastB = mean(seeds.map((s) => b.get(s).get(rounds.at(-1))));
console.log(
  `largest |B - A| over ${rounds.length} rounds: ${Math.abs(worst.diff).toFixed(4)} (round ${worst.round}); final round ${rounds.at(-1)}: ${lastA.toFixed(4)} -> ${lastB.toFixed(4)}`,
);
