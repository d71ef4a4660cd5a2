#!/usr/bin/env node
// The cost of checkpoints on the reference setting (LeNet, Fashion-MNIST, 25 clients per round):
// runs a few rounds, saves the run state after every round exactly as `fedrank run` does
// (encode, write to a temporary file, fsync, rename, fsync the directory), and prints the round
// time, the time of each save, the checkpoint's size, and the overhead per round at
// checkpoint.every = 1 and at the default interval.
//
//   npm run build && node benchmarks/checkpoint-overhead.mjs [--rounds 3] [--config configs/frl-lenet-fashion-mnist.yaml] [--set key=value ...]
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { checkpointPath, loadRunConfig, loadRunData, saveCheckpoint } from '@fedrank/cli';
import { initBackend } from '@fedrank/tensor';
import { runFederation } from '@fedrank/server';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    config: { type: 'string', default: 'configs/frl-lenet-fashion-mnist.yaml' },
    set: { type: 'string', multiple: true, default: [] },
  },
});
const config = await loadRunConfig(values.config, [`federation.rounds=${Number(values.rounds)}`, ...values.set]);
const backend = await initBackend(config.backend);
const data = await loadRunData(config);
const dir = mkdtempSync(join(tmpdir(), 'fedrank-ckpt-bench-'));
console.log(`backend ${backend.name} (${backend.details}); checkpoints in ${dir}`);

const rounds = [];
const saves = [];
await runFederation(config, data, {
  onRound(m) {
    rounds.push(m.seconds);
  },
  onState(state) {
    const t = performance.now();
    saveCheckpoint(dir, config, { state, wallSeconds: 0 });
    saves.push(performance.now() - t);
    console.log(`round ${state.round - 1}: ${rounds.at(-1)?.toFixed(2)} s, checkpoint ${saves.at(-1).toFixed(1)} ms`);
  },
});
const bytes = statSync(checkpointPath(dir)).size;
rmSync(dir, { recursive: true, force: true });

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const round = median(rounds.slice(1).length ? rounds.slice(1) : rounds);
const save = median(saves) / 1000;
const every = config.checkpoint.every;
console.log(`checkpoint size: ${(bytes / 2 ** 20).toFixed(2)} MiB`);
console.log(`median seconds per round (excluding the first): ${round.toFixed(2)}`);
console.log(`median checkpoint save: ${(save * 1000).toFixed(1)} ms`);
console.log(`overhead per round at checkpoint.every = 1: ${((100 * save) / round).toFixed(3)} %`);
console.log(`overhead per round at checkpoint.every = ${every} (default): ${((100 * save) / (every * round)).toFixed(4)} %`);
