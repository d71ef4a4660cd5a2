#!/usr/bin/env node
// Redis memory of a 1000-run sweep on the queue: starts a private redis-server (loopback, free
// port, temporary directory, append-only file on), enqueues a sweep of 1000 LeNet/Fashion-MNIST
// runs (configs/frl-lenet-fashion-mnist.yaml x 1000 seeds: each job holds the full resolved
// config) with `fedrank sweep --queue`, and prints INFO memory's used_memory_peak before and after.
// Nothing runs (no worker); Fashion-MNIST is not needed.
//
//   npm run build && node benchmarks/sweep-queue-memory.mjs [--runs 1000]
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const runs = Number(arg('runs', '1000'));
const bin = fileURLToPath(new URL('../packages/cli/bin/fedrank.js', import.meta.url));
const base = fileURLToPath(new URL('../configs/frl-lenet-fashion-mnist.yaml', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'fedrank-queue-memory-'));

const port = await new Promise((resolve) => {
  const s = createServer().listen(0, '127.0.0.1', () => {
    const p = s.address().port;
    s.close(() => resolve(p));
  });
});
const redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--save', ''], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
redis.on('error', (e) => {
  console.error(`cannot start redis-server (Debian: apt-get install redis-server): ${e.message}`);
  process.exit(1);
});
await new Promise((resolve) => {
  let out = '';
  redis.stdout.on('data', (d) => {
    out += d;
    if (out.includes('Ready to accept connections')) resolve();
  });
});
const info = () => {
  const text = spawnSync('redis-cli', ['-p', String(port), 'INFO', 'memory'], { encoding: 'utf8' }).stdout;
  const get = (k) => Number(new RegExp(`^${k}:(\\d+)`, 'm').exec(text)?.[1]);
  return { used: get('used_memory'), peak: get('used_memory_peak') };
};
const mib = (b) => `${(b / 2 ** 20).toFixed(1)} MiB`;
try {
  const empty = info();
  const sweep = join(dir, 'sweep.yaml');
  writeFileSync(sweep, `base: ${base}\nseeds: [${Array.from({ length: runs }, (_, i) => i + 1).join(', ')}]\n`);
  const started = Date.now();
  const r = spawnSync(process.execPath, [bin, 'sweep', sweep, '--queue', `redis://127.0.0.1:${port}`, '--out', join(dir, 'out')], {
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(r.stderr);
  const seconds = (Date.now() - started) / 1000;
  const after = info();
  process.stdout.write(r.stdout);
  console.log(`enqueue of ${runs} runs: ${seconds.toFixed(1)} s (including CLI start-up and config validation)`);
  console.log(`redis used_memory: empty ${mib(empty.used)}, after ${mib(after.used)}`);
  console.log(
    `redis used_memory_peak: ${mib(after.peak)} (${after.peak} bytes); per job ~${((after.used - empty.used) / runs / 1024).toFixed(1)} KiB`,
  );
} finally {
  redis.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
}
