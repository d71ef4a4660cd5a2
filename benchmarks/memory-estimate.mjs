#!/usr/bin/env node
// The run memory estimate (packages/cli/src/run-memory-estimate.ts) against the measured peak RSS
// of real runs: each case runs `fedrank run` for 1 round under GNU time (`/usr/bin/time -f %M`,
// Debian package `time`) and prints the estimate by part, the measured peak and their ratio.
// The estimate should be at or above the measurement (ratio >= 1) and within about 2x.
//
//   npm run build && node benchmarks/memory-estimate.mjs [--only text]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { estimateRunMemory, loadRunConfig } from '@fedrank/cli';

const { values } = parseArgs({ options: { only: { type: 'string' } } });

const fashion = 'configs/frl-lenet-fashion-mnist.yaml';
const quick = 'configs/quickstart.yaml';
const conv = [
  'data.dataset=synthetic',
  'data.synthetic.trainSize=400',
  'data.synthetic.testSize=100',
  'data.synthetic.height=32',
  'data.synthetic.width=32',
  'data.synthetic.channels=3',
  'federation.clients=20',
  'training.localEpochs=1',
];
const CASES = [
  { name: 'quickstart, workers 0', config: quick, set: ['workers=0'] },
  { name: 'quickstart, workers 2', config: quick, set: ['workers=2'] },
  { name: 'lenet fashion-mnist, 25 per round, workers 0', config: fashion, set: ['workers=0'] },
  { name: 'lenet fashion-mnist, 25 per round, workers 2', config: fashion, set: ['workers=2'] },
  { name: 'lenet fashion-mnist, 100 per round, workers 0', config: fashion, set: ['workers=0', 'federation.clientsPerRound=100'] },
  { name: 'lenet fashion-mnist fedavg, 25 per round, workers 0', config: fashion, set: ['workers=0', 'aggregator.kind=fedavg'] },
  {
    name: 'conv4 synthetic 32x32x3, 10 per round, workers 0',
    config: quick,
    set: [...conv, 'model.arch=conv4', 'federation.clientsPerRound=10', 'workers=0'],
  },
  {
    name: 'conv8 synthetic 32x32x3, 10 per round, workers 2',
    config: quick,
    set: [...conv, 'model.arch=conv8', 'federation.clientsPerRound=10', 'workers=2'],
  },
].filter((c) => !values.only || c.name.includes(values.only));

const MiB = 2 ** 20;
const rows = [];
for (const c of CASES) {
  const set = [...c.set, 'federation.rounds=1'];
  const config = await loadRunConfig(c.config, set);
  const estimate = estimateRunMemory(config);
  const dir = mkdtempSync(join(tmpdir(), 'fedrank-mem-bench-'));
  const rss = join(dir, 'rss');
  const args = ['-f', '%M', '-o', rss, 'node', 'packages/cli/bin/fedrank.js', 'run', c.config, '--out', join(dir, 'out'), '--quiet'];
  for (const s of set) args.push('--set', s);
  const r = spawnSync('/usr/bin/time', args, { encoding: 'utf8' });
  const lines = readFileSync(rss, 'utf8').trim().split('\n');
  const measured = (Number(lines.at(-1)) * 1024) / MiB;
  rmSync(dir, { recursive: true, force: true });
  if (r.status !== 0) {
    console.error(`${c.name}: exit ${r.status}: ${r.stderr.trim()}`);
    continue;
  }
  const est = estimate.total / MiB;
  // The runtime part's key is --max-memory (what to raise when the limit is below it); here it is named for what it is.
  const parts = estimate.parts.map((p) => `${p.key === '--max-memory' ? 'runtime' : p.key} ${Math.round(p.bytes / MiB)}`).join(', ');
  rows.push(`| ${c.name} | ${Math.round(est)} | ${Math.round(measured)} | ${(est / measured).toFixed(2)} | ${parts} |`);
  console.error(rows.at(-1));
}
console.log('| case (1 round) | estimate MiB | measured peak RSS MiB | ratio | estimate by part (MiB) |');
console.log('| --- | ---: | ---: | ---: | --- |');
for (const r of rows) console.log(r);
