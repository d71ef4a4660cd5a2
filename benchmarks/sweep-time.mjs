#!/usr/bin/env node
// Wall time of a 12-run small sweep run locally with 1 and with 2 processes (`fedrank sweep
// --workers N`), each into a fresh directory, and a check that both gave the same accuracies.
// The runs: FRL (rank reversal) and FedAvg (scaling) x fractions 0, 0.25 x seeds 1-3 on the
// synthetic task of configs/sweeps/smoke.yaml (3 rounds, 8 clients, one thread per run).
// Each run is a few seconds, a good part of it process start-up; the machine's load average is
// printed since other work on the cores changes the figures.
//
//   npm run build && node benchmarks/sweep-time.mjs [--keep]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../packages/cli/bin/fedrank.js', import.meta.url));
const smoke = fileURLToPath(new URL('../configs/sweeps/smoke.yaml', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'fedrank-sweep-time-'));
const sweep = join(dir, 'sweep.yaml');
writeFileSync(sweep, readFileSync(smoke, 'utf8').replace(/^seeds: .*$/m, 'seeds: [1, 2, 3]'));

const results = {};
for (const workers of [1, 2]) {
  const out = join(dir, `w${workers}`);
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [bin, 'sweep', sweep, '--out', out, '--workers', String(workers)], { encoding: 'utf8' });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (r.status !== 0) {
    process.stderr.write(r.stderr);
    process.exit(1);
  }
  const csv = readFileSync(join(out, 'results.csv'), 'utf8').trim().split('\n');
  results[workers] = { seconds, runs: csv.length - 1, accuracies: csv.map((l) => l.split(',').slice(0, -1).join(',')) };
  console.log(
    `${csv.length - 1} runs, --workers ${workers}: ${seconds.toFixed(1)} s wall (load average ${loadavg()[0].toFixed(1)} at the end)`,
  );
}
const same = JSON.stringify(results[1].accuracies) === JSON.stringify(results[2].accuracies);
console.log(
  `speed-up 2 vs 1: ${(results[1].seconds / results[2].seconds).toFixed(2)}x on ${availableParallelism()} cores; same results: ${same}`,
);
if (!process.argv.includes('--keep')) rmSync(dir, { recursive: true, force: true });
else console.log(`kept ${dir}`);
