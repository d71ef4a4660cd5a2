#!/usr/bin/env node
// The scale tables of issue 15, by section:
//   clients  time per round and peak memory at 25, 100, 250 and 1000 clients per round, for the
//            reducible rules (frl-vote, fedavg, signsgd-mv: uploads folded as they arrive, so
//            memory should stay flat) and for rules that must hold every update (krum, bulyan,
//            median). Synthetic data of LeNet's input shape (28x28x1, 10 classes), 4 training
//            samples per client, one local epoch of one batch, 1000 clients in all, 2 worker
//            threads; the model is an MLP (784-100-10) unless --arch lenet.
//   attacks  benchmarks/scale-attacks.mjs (each attack's own crafting time)
//   conv8    benchmarks/scale-conv8.mjs (Conv8 at CIFAR-10 shapes)
// Each clients case runs in its own node process (benchmarks/scale-case.mjs): its peak resident
// memory is process.resourceUsage().maxRSS there, worker threads included. Time per round is the
// median over the rounds after the first (train + receive + aggregate, without evaluation).
//
//   npm run build && npm run bench:scale [-- --only clients,attacks,conv8] [--quick] [--arch mlp|lenet]
//       [--rules frl-vote,fedavg,...] [--sizes 25,100,250,1000] [--rounds 3]
//
// --quick: 25 and 100 clients per round, 2 rounds (and passed on to the other sections).
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const SECTIONS = ['clients', 'attacks', 'conv8'];
const REDUCIBLE = ['frl-vote', 'fedavg', 'signsgd-mv'];
const HOLDING = ['krum', 'bulyan', 'median'];

const { values } = parseArgs({
  options: {
    only: { type: 'string', default: SECTIONS.join(',') },
    quick: { type: 'boolean', default: false },
    arch: { type: 'string', default: 'mlp' },
    rules: { type: 'string', default: [...REDUCIBLE, ...HOLDING].join(',') },
    sizes: { type: 'string' },
    rounds: { type: 'string' },
  },
});

const only = values.only.split(',').map((s) => s.trim());
const unknown = only.filter((s) => !SECTIONS.includes(s));
if (unknown.length > 0) {
  console.error(`--only: unknown section ${unknown.join(', ')} (expected a comma-separated list of ${SECTIONS.join(', ')})`);
  process.exit(2);
}
if (!['mlp', 'lenet'].includes(values.arch)) {
  console.error(`--arch: expected mlp or lenet, got ${values.arch}`);
  process.exit(2);
}
const positiveInts = (flag, text) => {
  const xs = text.split(',').map(Number);
  if (xs.some((x) => !Number.isInteger(x) || x < 1)) {
    console.error(`--${flag}: expected positive integers separated by commas, got ${text}`);
    process.exit(2);
  }
  return xs;
};
const sizes = positiveInts('sizes', values.sizes ?? (values.quick ? '25,100' : '25,100,250,1000'));
const rounds = positiveInts('rounds', values.rounds ?? (values.quick ? '2' : '3'))[0];
if (rounds < 2) {
  console.error('--rounds: expected at least 2 (the first round is warm-up)');
  process.exit(2);
}
const rules = values.rules.split(',').map((s) => s.trim());

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const load = () =>
  os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' ');

const caseScript = fileURLToPath(new URL('./scale-case.mjs', import.meta.url));

function clientsConfig(rule, clientsPerRound) {
  const clients = Math.max(...sizes);
  return {
    name: `scale-${rule}-${clientsPerRound}`,
    seed: 1,
    backend: 'wasm',
    workers: 2,
    data: {
      dataset: 'synthetic',
      partition: { kind: 'iid' },
      synthetic: { trainSize: 4 * clients, testSize: 200, height: 28, width: 28, channels: 1, numClasses: 10 },
    },
    federation: { clients, clientsPerRound, rounds, evalEvery: 1 },
    model: values.arch === 'mlp' ? { arch: 'mlp', hidden: [100] } : { arch: 'lenet' },
    aggregator: { kind: rule },
    training: { localEpochs: 1, batchSize: 4 },
  };
}

function runCase(config) {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [caseScript, JSON.stringify(config)], { maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      if (err) {
        reject(new Error(`${config.name} failed: ${err.message}\n${stderr.slice(-2000)}`));
        return;
      }
      const last = stdout.trim().split('\n').pop();
      resolve(JSON.parse(last));
    });
  });
}

const pad = (s, n) => String(s).padStart(n);

async function clientsSection() {
  console.log(`\n== clients: time per round and peak memory by clients per round ==`);
  console.log(
    `model ${values.arch === 'mlp' ? 'mlp 784-100-10' : 'lenet'}, synthetic 28x28x1, 4 samples per client, 1 local step, 2 worker threads, ${rounds} rounds (first is warm-up)`,
  );
  console.log(`node ${process.version}, ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), load average at start: ${load()}`);
  console.log(
    `${'rule'.padEnd(11)} ${'mode'.padEnd(9)} ${pad('clients', 7)} ${pad('s/round', 8)} ${pad('ms/client', 9)} ${pad('peak MiB', 8)} ${pad('vs first', 8)}`,
  );
  for (const rule of rules) {
    const mode = REDUCIBLE.includes(rule) ? 'streamed' : 'held';
    let first;
    for (const n of sizes) {
      const r = await runCase(clientsConfig(rule, n));
      const perRound = median(r.rounds.slice(1).map((x) => x.trainSeconds));
      const mib = r.maxRssKiB / 1024;
      first ??= mib;
      console.log(
        `${rule.padEnd(11)} ${mode.padEnd(9)} ${pad(n, 7)} ${pad(perRound.toFixed(2), 8)} ${pad(((1000 * perRound) / n).toFixed(1), 9)} ${pad(mib.toFixed(0), 8)} ${pad(`${mib >= first ? '+' : ''}${(mib - first).toFixed(0)}`, 8)}`,
      );
    }
  }
  console.log(`load average at end: ${load()}`);
}

for (const section of only) {
  if (section === 'clients') {
    await clientsSection();
    continue;
  }
  const file = fileURLToPath(new URL(`./scale-${section}.mjs`, import.meta.url));
  console.log(`\n== ${section} ==`);
  if (!existsSync(file)) {
    console.log(`skipped: benchmarks/scale-${section}.mjs is not in this checkout`);
    continue;
  }
  const mod = await import(file);
  if (typeof mod.run !== 'function') {
    console.log(`skipped: benchmarks/scale-${section}.mjs exports no run(opts)`);
    continue;
  }
  const result = await mod.run({ quick: values.quick });
  // A section that returns its table (rather than printing it) gets it printed here.
  // scale-attacks prints its own table; scale-conv8 returns it.
  if (typeof result?.markdown === 'string') console.log(result.markdown);
}
