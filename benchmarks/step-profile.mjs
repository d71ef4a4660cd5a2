#!/usr/bin/env node
// Where one LeNet supermask training step (batch 8, wasm) spends its time: tfjs kernel times of
// the forward/backward pass as fedrank runs it (composed conv gradients, dense gradient without
// transposed matMuls, composed max-pool gradient), and the typed-array parts of the step: the
// mask by a full radix select, the fused straight-through SGD, and (where the build has it) the
// SGD step fused with the incremental mask, which replaces both after a client's first step.
// The typed-array parts use the step's real gradients; times are medians over --reps runs
// (--steps consecutive SGD steps for the incremental mask, whose band follows the threshold).
//
//   npm run build && node benchmarks/step-profile.mjs [--reps 5] [--steps 30]
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@fedrank/tensor';
import { Rng } from '@fedrank/random';
import * as supermask from '@fedrank/supermask';

const { buildArchitecture, crossEntropy, forward, initSupermask, maskedWeights, SgdMomentum } = supermask;
const { values } = parseArgs({ options: { reps: { type: 'string', default: '5' }, steps: { type: 'string', default: '30' } } });
const reps = Number(values.reps);
const steps = Number(values.steps);
await initBackend('wasm');
const arch = buildArchitecture('lenet', { height: 28, width: 28, channels: 1, numClasses: 10 });
const init = initSupermask(arch, new Rng(1));
const rng = new Rng(2);
const x = tf.tensor4d(
  Float32Array.from({ length: 8 * 784 }, () => rng.normal()),
  [8, 28, 28, 1],
);
const y = tf.tensor1d([1, 2, 3, 4, 5, 6, 7, 8], 'int32');
const eff = arch.layers.map((l) => new Float32Array(l.size));
arch.layers.forEach((_, l) => maskedWeights(init.scores[l], init.weights[l], 0.5, 'reference', eff[l]));
const ws = arch.layers.map((l, i) => tf.tensor(eff[i], l.shape));
const step = () => {
  const r = tf.valueAndGrads((...w) => crossEntropy(forward(arch, x, w), y, 10))(ws);
  r.value.dataSync();
  tf.dispose([r.value, ...r.grads]);
};
for (let i = 0; i < 3; i++) step();

const kernels = new Map();
let wall = 0;
for (let i = 0; i < reps; i++) {
  const t = performance.now();
  const info = await tf.profile(step);
  wall += performance.now() - t;
  for (const k of info.kernels) {
    const ms = await k.kernelTimeMs;
    const key = `${k.name} ${JSON.stringify(k.inputShapes)}`;
    kernels.set(key, (kernels.get(key) ?? 0) + (typeof ms === 'number' ? ms : 0) / reps);
  }
}
console.log(`forward + backward, wall (profiled): ${(wall / reps).toFixed(1)} ms; kernels by time:`);
[...kernels.entries()]
  .sort((a, b) => b[1] - a[1])
  .slice(0, 12)
  .forEach(([k, ms]) => console.log(`  ${ms.toFixed(2).padStart(7)} ms  ${k}`));

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
// Wall and CPU time (this process's user + system) of one call, in ms: on a shared, loaded
// machine the CPU time is the steadier figure.
const clock = () => [performance.now(), process.cpuUsage()];
const elapsed = ([t, c]) => {
  const d = process.cpuUsage(c);
  return [performance.now() - t, (d.user + d.system) / 1000];
};
const medians = (runs) => [median(runs.map((r) => r[0])), median(runs.map((r) => r[1]))];
const time = (fn, count = reps) => {
  fn();
  const runs = [];
  for (let i = 0; i < count; i++) {
    const c = clock();
    fn();
    runs.push(elapsed(c));
  }
  return medians(runs);
};
// The step's real gradients of the effective weights.
const real = tf.valueAndGrads((...w) => crossEntropy(forward(arch, x, w), y, 10))(ws);
const grads = real.grads.map((g) => g.dataSync());
tf.dispose([real.value, ...real.grads]);
const lr = 0.4;
const options = { momentum: 0.9, weightDecay: 1e-4 };
const sizes = arch.layers.map((l) => l.size);
const rows = [];
const row = (part, [wallMs, cpuMs]) => {
  rows.push([part, wallMs, cpuMs]);
  console.log(`${part}: ${wallMs.toFixed(2)} ms wall, ${cpuMs.toFixed(2)} ms CPU`);
};
row(
  'mask, full radix select (all layers)',
  time(() => arch.layers.forEach((_, l) => maskedWeights(init.scores[l], init.weights[l], 0.5, 'reference', eff[l]))),
);
const sgdScores = init.scores.map((s) => Float32Array.from(s));
const sgd = new SgdMomentum(sizes, options);
row(
  'straight-through SGD (all layers)',
  time(() => sgd.step(sgdScores, grads, lr, 'abs', init.weights)),
);
if (supermask.IncrementalMask) {
  // A client's steps: a full selection first, then each SGD step finds the next mask in its band.
  const runs = [];
  let counts;
  for (let r = 0; r < reps; r++) {
    const scores = init.scores.map((s) => Float32Array.from(s));
    const opt = new SgdMomentum(sizes, options);
    const mask = new supermask.IncrementalMask(sizes, 0.5, 'reference');
    arch.layers.forEach((_, l) => mask.full(l, scores[l], init.weights[l], eff[l]));
    for (let i = 0; i < steps; i++) {
      const c = clock();
      opt.stepMasked(scores, grads, lr, init.weights, mask, eff);
      runs.push(elapsed(c));
    }
    counts = mask.counts;
  }
  row('SGD fused with the incremental mask (all layers)', medians(runs));
  console.log(`  layer masks of the last run: ${counts.band} from the band, ${counts.widened} widened, ${counts.full} full selections`);
}
console.log('\n| part of the step | ms wall (median) | ms CPU (median) |\n| --- | ---: | ---: |');
console.log(`| forward + backward (tfjs wasm, profiled; mean) | ${(wall / reps).toFixed(1)} | |`);
for (const [part, wallMs, cpuMs] of rows) console.log(`| ${part} | ${wallMs.toFixed(2)} | ${cpuMs.toFixed(2)} |`);
