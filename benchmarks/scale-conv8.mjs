#!/usr/bin/env node
// What the FRL paper's second setting costs: a Conv8 supermask (edge-popup's Conv8, about 5.3M
// edges) at CIFAR-10's shapes, on synthetic 32x32x3 data (CIFAR-10's files cannot be fetched
// everywhere; the shapes, not the pixels, set the cost). Runs one FRL round of a few clients with
// a small local dataset each, and, apart from the round, times single training steps of one
// client. Prints a markdown table: edges, seconds per step, seconds per round and per client,
// peak resident memory.
//
//   npm run build && node benchmarks/scale-conv8.mjs [--clients 3] [--samples 32] [--epochs 1] [--batch 8] [--workers 0] [--steps 5]
//
// `run(opts)` (same options as an object) returns the figures and the table, for bench:scale.
// --workers 0 trains the round's clients one after another in the main thread, so seconds per
// client is one client's training; with workers, clients train in parallel.
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { loadRunData } from '@fedrank/cli';
import { Rng } from '@fedrank/random';
import { parseRunConfig, runFederation } from '@fedrank/server';
import { buildArchitecture, initSupermask, SupermaskClientTrainer } from '@fedrank/supermask';
import { initBackend } from '@fedrank/tensor';

export const DEFAULTS = { clients: 3, samples: 32, epochs: 1, batch: 8, workers: 0, steps: 5, seed: 1, backend: 'auto' };

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Peak resident memory of this process so far, MiB (the kernel's high-water mark). */
const peakRssMiB = () => process.resourceUsage().maxRSS / 1024;

export async function run(opts = {}) {
  const o = { ...DEFAULTS, ...opts };
  const config = parseRunConfig({
    name: 'scale-conv8',
    seed: o.seed,
    backend: o.backend,
    workers: o.workers,
    data: {
      dataset: 'synthetic',
      partition: { kind: 'iid' },
      synthetic: { trainSize: o.clients * o.samples, testSize: 100, height: 32, width: 32, channels: 3, numClasses: 10 },
    },
    federation: { clients: o.clients, clientsPerRound: o.clients, rounds: 1, evalEvery: 1 },
    model: { arch: 'conv8', keep: 0.5, maskRule: 'reference' },
    training: { localEpochs: o.epochs, batchSize: o.batch },
  });
  const backend = await initBackend(config.backend);
  const data = await loadRunData(config);
  const train = data.train;
  const arch = buildArchitecture('conv8', {
    height: train.height,
    width: train.width,
    channels: train.channels,
    numClasses: train.numClasses,
  });
  const edges = arch.layers.reduce((s, l) => s + l.size, 0);

  // Training steps of one client, timed one by one: the first selects the mask in full and warms
  // the kernels up, so the median is taken over the following ones.
  const init = initSupermask(arch, new Rng(o.seed));
  const indices = Uint32Array.from({ length: Math.min(train.count, o.batch * (o.steps + 1)) }, (_, i) => i);
  const trainer = new SupermaskClientTrainer(
    arch,
    init.weights,
    init.scores,
    train,
    indices,
    { localEpochs: 1, batchSize: o.batch, lr: 0.4, momentum: 0.9, weightDecay: 1e-4, keep: 0.5, maskRule: 'reference' },
    new Rng(o.seed).derive('steps'),
  );
  const stepSeconds = [];
  for (let more = true; more;) {
    const t = performance.now();
    more = await trainer.step();
    stepSeconds.push((performance.now() - t) / 1000);
  }

  let round;
  await runFederation(config, data, { onRound: (m) => (round = m) });
  const stepsPerClient = Math.ceil(o.samples / o.batch) * o.epochs;
  const result = {
    backend: `${backend.name} (${backend.details})`,
    edges,
    clients: round.clients,
    stepsPerClient,
    firstStepSeconds: stepSeconds[0],
    secondsPerStep: median(stepSeconds.slice(1)),
    secondsPerRound: round.seconds,
    trainSeconds: round.trainSeconds,
    evalSeconds: round.evalSeconds,
    secondsPerClient: round.trainSeconds / round.clients,
    peakRssMiB: peakRssMiB(),
  };
  const f = (x, d = 2) => x.toFixed(d);
  result.markdown = [
    `Conv8 at CIFAR-10 shapes (synthetic 32x32x3, 10 classes), FRL, keep 0.5, batch ${o.batch}; ${result.backend}; workers ${o.workers}`,
    '',
    '| edges | s per step | s per round (train + eval) | clients | steps per client | s per client | peak RSS (MiB) |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    `| ${edges.toLocaleString('en-US')} | ${f(result.secondsPerStep)} (first ${f(result.firstStepSeconds)}) | ` +
      `${f(result.secondsPerRound, 1)} (${f(result.trainSeconds, 1)} + ${f(result.evalSeconds, 1)}) | ${result.clients} | ${stepsPerClient} | ` +
      `${f(result.secondsPerClient)} | ${f(result.peakRssMiB, 0)} |`,
  ].join('\n');
  return result;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({
    options: Object.fromEntries(Object.keys(DEFAULTS).map((k) => [k, { type: 'string' }])),
  });
  const opts = {};
  for (const [k, v] of Object.entries(values)) {
    if (k === 'backend') opts[k] = v;
    else {
      const n = Number(v);
      const min = k === 'workers' || k === 'seed' ? 0 : 1;
      if (!Number.isInteger(n) || n < min) {
        console.error(`scale-conv8: --${k} expects an integer >= ${min}, got ${v}`);
        process.exit(2);
      }
      opts[k] = n;
    }
  }
  const result = await run(opts);
  console.log(result.markdown);
}
