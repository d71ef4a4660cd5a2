#!/usr/bin/env node
// Throughput of the FRL hot kernels, with the bytes each must touch and the resulting GB/s:
// ranking (radix argsort of 1.6M and 5.3M float32 scores), the Borda vote (25 rankings),
// the top-k |score| mask (JavaScript, and the native addon's masked weights), the fused
// straight-through SGD step (JavaScript and native), and one LeNet supermask training step at
// batch 8 (wasm backend; convolutions by oneDNN when the native addon has them).
//
//   npm run build && node benchmarks/kernels.mjs [--reps 7]
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { Rng } from '@fedrank/random';
import { initBackend } from '@fedrank/tensor';
import { argsortFloat32, BordaAccumulator, topKMaskOfAbs } from '@fedrank/voting';
import { buildArchitecture, initSupermask, maskedWeights, SgdMomentum, SupermaskClientTrainer } from '@fedrank/supermask';
import { loadNative } from '@fedrank/native';

const { values } = parseArgs({ options: { reps: { type: 'string', default: '7' } } });
const reps = Number(values.reps);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
function time(fn, n = reps) {
  fn();
  const ts = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    fn();
    ts.push(performance.now() - t);
  }
  return median(ts);
}
const rng = new Rng(1);
const row = (name, ms, bytes, extra = '') =>
  console.log(
    `${name.padEnd(44)} ${ms.toFixed(1).padStart(8)} ms  ${(bytes / 2 ** 20).toFixed(0).padStart(6)} MiB  ${(bytes / ms / 1e6).toFixed(2).padStart(6)} GB/s ${extra}`,
  );

console.log(`${'kernel'.padEnd(44)} ${'median'.padStart(11)}  ${'touched'.padStart(10)}  ${'rate'.padStart(11)}`);
for (const n of [1_605_632, 5_275_840]) {
  const scores = Float32Array.from({ length: n }, () => rng.float() * 2 - 1);
  const out = new Uint32Array(n);
  // 3 LSD passes, each reading key+index (8 B) and writing them (8 B), plus the key build (8 B).
  row(
    `argsortFloat32 n=${n}`,
    time(() => argsortFloat32(scores, out)),
    n * (3 * 16 + 8),
  );
  const mask = new Float32Array(n);
  // a histogram pass and a mask pass over the scores (8 B), writing the mask (4 B).
  row(
    `topKMaskOfAbs keep=0.5 n=${n}`,
    time(() => topKMaskOfAbs(scores, 0.5, mask)),
    n * 12,
  );
  // masked weights: two select passes over the scores (8 B), then scores and weights read, out written (12 B).
  const weights = Float32Array.from({ length: n }, () => rng.normal());
  for (const useNative of [false, true]) {
    if (useNative && !loadNative().available) continue;
    const label = useNative ? 'native' : 'JS';
    row(
      `maskedWeights (${label}) keep=0.5 n=${n}`,
      time(() => maskedWeights(scores, weights, 0.5, 'reference', mask, useNative)),
      n * 20,
    );
    // SGD: scores, gradient, weights and momentum read (16 B), scores and momentum written (8 B).
    const params = Float32Array.from(scores);
    const grads = Float32Array.from({ length: n }, () => rng.normal() * 1e-3);
    const sgd = new SgdMomentum([n], { momentum: 0.9, weightDecay: 1e-4 }, useNative);
    row(
      `SGD straight-through (${label}) n=${n}`,
      time(() => sgd.step([params], [grads], 0.01, 'abs', [weights])),
      n * 24,
    );
  }
  const rankings = Array.from({ length: 25 }, () => rng.permutation(n));
  // per ranking: read it (4 B), scatter positions (4 B), read them back (4 B), add into float64 sums (16 B);
  // then the argsort of the sums.
  const vote = () => {
    const acc = new BordaAccumulator(n);
    for (const r of rankings) acc.add(r);
    return acc.ranking();
  };
  row(`Borda vote 25 rankings n=${n}`, time(vote, Math.max(3, Math.floor(reps / 2))), n * (25 * 28 + 3 * 16 + 16));
}

const backend = await initBackend('wasm');
const arch = buildArchitecture('lenet', { height: 28, width: 28, channels: 1, numClasses: 10 });
const init = initSupermask(arch, new Rng(1));
const samples = 8 * 20;
const data = {
  images: Float32Array.from({ length: samples * 784 }, () => rng.normal()),
  labels: Uint8Array.from({ length: samples }, () => rng.int(10)),
  height: 28,
  width: 28,
  channels: 1,
  numClasses: 10,
};
const opts = { localEpochs: 1, batchSize: 8, lr: 0.1, momentum: 0.9, weightDecay: 1e-4, keep: 0.5, maskRule: 'reference' };
const trainer = () =>
  new SupermaskClientTrainer(
    arch,
    init.weights,
    init.scores,
    data,
    Uint32Array.from({ length: samples }, (_, i) => i),
    opts,
    new Rng(2),
  );
await trainer().train(); // warm up
const t0 = performance.now();
const steps = (await trainer().train()).steps;
const perStep = (performance.now() - t0) / steps;
// forward ~33 MFLOP and backward ~65 MFLOP per sample (REFERENCE / BACKENDS figures); scores, momentum,
// effective weights and their gradient: 4 arrays of 1.6M float32 read and written per step.
console.log(`backend: ${backend.details}`);
console.log(
  `LeNet supermask step, batch 8 (${backend.name})`.padEnd(44),
  `${perStep.toFixed(1).padStart(8)} ms  ${((98e6 * 8) / perStep / 1e6).toFixed(1)} GFLOP/s`,
);
tf.disposeVariables();
