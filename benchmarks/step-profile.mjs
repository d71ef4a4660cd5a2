#!/usr/bin/env node
// Where one LeNet supermask training step (batch 8, wasm) spends its time: tfjs kernel times of
// the forward/backward pass as fedrank runs it (composed conv gradients, dense gradient without
// transposed matMuls, composed max-pool gradient), and the typed-array parts of the step
// (mask by radix select, fused straight-through SGD).
//
//   npm run build && node benchmarks/step-profile.mjs [--reps 5]
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@fedrank/tensor';
import { Rng } from '@fedrank/random';
import { buildArchitecture, crossEntropy, forward, initSupermask, maskedWeights, SgdMomentum } from '@fedrank/supermask';

const { values } = parseArgs({ options: { reps: { type: 'string', default: '5' } } });
const reps = Number(values.reps);
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

const time = (fn) => {
  fn();
  const t = performance.now();
  for (let i = 0; i < reps; i++) fn();
  return (performance.now() - t) / reps;
};
console.log(
  `mask (radix select, all layers): ${time(() => arch.layers.forEach((_, l) => maskedWeights(init.scores[l], init.weights[l], 0.5, 'reference', eff[l]))).toFixed(1)} ms`,
);
const sgd = new SgdMomentum(
  arch.layers.map((l) => l.size),
  { momentum: 0.9, weightDecay: 1e-4 },
);
const grads = eff.map((e) => Float32Array.from(e, (v) => v * 1e-3));
console.log(
  `fused straight-through SGD (all layers): ${time(() => sgd.step(init.scores, grads, 0.01, 'abs', init.weights)).toFixed(1)} ms`,
);
