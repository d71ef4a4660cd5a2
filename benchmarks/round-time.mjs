#!/usr/bin/env node
// Seconds per FRL round on the reference setting (LeNet, Fashion-MNIST, 1000 clients, 25 per
// round, Dirichlet 1.0, batch 8, 2 local epochs), with a full test evaluation after each round.
// Prints per-round lines, then the median round time excluding the first round, seconds per
// client, evaluation seconds, and peak resident memory.
//
//   npm run build && node benchmarks/round-time.mjs [--rounds 3] [--config configs/frl-lenet-fashion-mnist.yaml] [--set key=value ...]
//
// Uses the built packages (dist/), exactly what `fedrank run` runs.
import { parseArgs } from 'node:util';
import { loadRunConfig, loadRunData } from '@fedrank/cli';
import { initBackend } from '@fedrank/tensor';
import { runFederation } from '@fedrank/server';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    config: { type: 'string', default: 'configs/frl-lenet-fashion-mnist.yaml' },
    set: { type: 'string', multiple: true, default: [] },
  },
});
const rounds = Number(values.rounds);
const config = await loadRunConfig(values.config, [`federation.rounds=${rounds}`, ...values.set]);
const backend = await initBackend(config.backend);
const t0 = performance.now();
const data = await loadRunData(config);
const loadSeconds = (performance.now() - t0) / 1000;
console.log(`backend ${backend.name} (${backend.details}); ${config.data.dataset} loaded in ${loadSeconds.toFixed(1)} s`);

let peakRss = process.memoryUsage().rss;
const timer = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 200);
const rows = [];
await runFederation(config, data, {
  onRound(m) {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    rows.push(m);
    console.log(
      `round ${m.round}: ${m.seconds.toFixed(1)} s (train ${m.trainSeconds.toFixed(1)} s, eval ${m.evalSeconds.toFixed(1)} s), accuracy ${m.accuracy.toFixed(4)}`,
    );
  },
});
clearInterval(timer);

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const steady = rows.length > 1 ? rows.slice(1) : rows;
const perRound = median(steady.map((r) => r.seconds));
const perClient = median(steady.map((r) => r.trainSeconds / r.clients));
const evalSec = median(steady.map((r) => r.evalSeconds));
console.log(`median seconds per round (excluding the first): ${perRound.toFixed(2)}`);
console.log(`median seconds per client: ${perClient.toFixed(3)}`);
console.log(`median evaluation seconds: ${evalSec.toFixed(2)}`);
console.log(`peak resident memory: ${(peakRss / 2 ** 20).toFixed(0)} MiB`);
console.log(`accuracy after each round: ${rows.map((r) => r.accuracy.toFixed(3)).join(', ')}`);
