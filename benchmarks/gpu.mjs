#!/usr/bin/env node
// The WebGPU backend on this machine's adapter: prints the adapter, checks the kernels training
// uses against tfjs's cpu backend on random inputs (conv2d forward and both gradients, the dense
// product and its gradients, the 2x2 max-pool gradient; exit 1 beyond tolerance), then times one
// LeNet supermask step at batch 8, kept on the device (the webgpu training path) and with the mask
// and SGD on the host (the cpu/wasm path), with the WebGPU dispatches and reads per step, the
// local training of a round's clients one by one and as one computation, and one FRL round of
// the reference setting (configs/frl-lenet-fashion-mnist.yaml: LeNet, Fashion-MNIST, 1000
// clients, Dirichlet 1.0, batch 8, 2 local epochs, full test evaluation) at 25 and at 250 clients
// per round.
//
//   npm run build && npm run bench:gpu                       # a GPU (meant to finish in < 5 min)
//   node scripts/with-swiftshader.mjs npm run bench:gpu -- --quick   # SwiftShader (CPU), reduced
//
// --quick: the same LeNet layers on synthetic 14x14 data (a quarter of the convolution work),
// 8 samples per client, 1 local epoch, 2 and 4 clients per round, 64 test samples, batch-2
// correctness shapes: SwiftShader takes minutes per 28x28 LeNet step on 2 shared cores, so the
// reference rounds would take days there. Other knobs: --clients-per-round
// 25,250  --steps 5  --backend webgpu  --config FILE  --set key=value (as `fedrank run --set`).
// Uses the built packages (dist/).
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { loadRunConfig, loadRunData } from '@fedrank/cli';
import { Rng } from '@fedrank/random';
import { runFederation } from '@fedrank/server';
import {
  buildArchitecture,
  DeviceSupermaskClientsTrainer,
  DeviceSupermaskClientTrainer,
  initSupermask,
  SupermaskClientTrainer,
} from '@fedrank/supermask';
import { denseMatMul, initBackend, maxPool2x2 } from '@fedrank/tensor';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    backend: { type: 'string', default: 'webgpu' },
    config: { type: 'string', default: 'configs/frl-lenet-fashion-mnist.yaml' },
    'clients-per-round': { type: 'string' },
    steps: { type: 'string' },
    set: { type: 'string', multiple: true, default: [] },
  },
});
const quick = values.quick;
const perRound = (values['clients-per-round'] ?? (quick ? '2,4' : '25,250')).split(',').map(Number);
const timedSteps = Number(values.steps ?? (quick ? 2 : 10));
const TOLERANCE = 1e-5;
const started = performance.now();
const elapsed = () => `${((performance.now() - started) / 1000).toFixed(0)} s`;

const info = await initBackend(values.backend);
console.log(`backend ${info.name}: ${info.details}`);
if (info.adapter) console.log(`adapter: ${JSON.stringify(info.adapter)}`);
console.log(`versions: ${info.version}`);

// ---- correctness against cpu --------------------------------------------------------------
const rng = new Rng(1);
const normals = (n, scale = 1) => Float32Array.from({ length: n }, () => rng.normal() * scale);
const size = (shape) => shape.reduce((a, b) => a * b, 1);
async function on(name, body) {
  await tf.setBackend(name);
  const out = tf.tidy(body);
  const values = await Promise.all(out.map((t) => t.data()));
  tf.dispose(out);
  return values;
}
function relativeError(a, b) {
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < b.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return scale === 0 ? diff : diff / scale;
}
let failed = 0;
async function check(label, outputs, body, exact = false) {
  const cpu = await on('cpu', body);
  const gpu = await on(info.tfjsBackend, body);
  const errors = gpu.map((g, i) => relativeError(g, cpu[i]));
  const ok = exact ? gpu.every((g, i) => g.every((v, j) => v === cpu[i][j])) : errors.every((e) => e < TOLERANCE);
  if (!ok) failed++;
  const shown = outputs.map((o, i) => `${o} ${errors[i].toExponential(1)}`).join(', ');
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${label.padEnd(40)} ${shown}  (${exact ? 'exact' : `< ${TOLERANCE}`})`);
}
const [b, hw] = quick ? [2, 14] : [8, 28];
const side = quick ? 14 : 28;
console.log(`\ncorrectness against cpu, max|gpu - cpu| / max|cpu| (batch ${b}, ${hw}x${hw}):`);
for (const [cin, cout] of [
  [1, 32],
  [32, 64],
]) {
  const xs = [b, hw, hw, cin];
  const fs = [3, 3, cin, cout];
  const ys = [b, hw, hw, cout];
  const x = normals(size(xs));
  const f = normals(size(fs), 0.2);
  const dy = normals(size(ys));
  await check(`conv2d 3x3 ${cin} -> ${cout}`, ['y', 'dx', 'dW'], () => {
    const xt = tf.tensor4d(x, xs);
    const ft = tf.tensor4d(f, fs);
    const [dx, df] = tf.grads((a, w) => tf.sum(tf.mul(tf.conv2d(a, w, 1, 'same'), tf.tensor4d(dy, ys))))([xt, ft]);
    return [tf.conv2d(xt, ft, 1, 'same'), dx, df];
  });
}
{
  const inner = quick ? 3136 : 12544;
  const x = normals(b * inner);
  const w = normals(inner * 128, 0.02);
  const dy = normals(b * 128);
  await check(`dense ${inner} -> 128`, ['y', 'dx', 'dW'], () => {
    const xt = tf.tensor2d(x, [b, inner]);
    const wt = tf.tensor2d(w, [inner, 128]);
    const [dx, dw] = tf.grads((a, m) => tf.sum(tf.mul(denseMatMul(a, m), tf.tensor2d(dy, [b, 128]))))([xt, wt]);
    return [denseMatMul(xt, wt), dx, dw];
  });
}
{
  const xs = [b, hw, hw, 64];
  const x = Float32Array.from(normals(size(xs)), (v) => Math.max(0, Math.round(v * 2) / 2)); // ties
  const dy = normals(b * (hw / 2) * (hw / 2) * 64);
  await check(
    'max-pool 2x2 gradient (with ties)',
    ['dx'],
    () => [tf.grad((a) => tf.sum(tf.mul(maxPool2x2(a), tf.tensor4d(dy, [b, hw / 2, hw / 2, 64]))))(tf.tensor4d(x, xs))],
    true,
  );
}
await tf.setBackend(info.tfjsBackend);
if (failed > 0) {
  console.log(`${failed} correctness check(s) failed`);
  process.exit(1);
}

// ---- dispatch and read counters --------------------------------------------------------------
// Every WebGPU kernel tfjs runs (its own and fedrank's WGSL programs) goes through
// runWebGPUProgram; every read back through read/readSync.
const counts = { dispatches: 0, reads: 0 };
if (info.tfjsBackend === 'webgpu') {
  const backend = tf.backend();
  const run = backend.runWebGPUProgram.bind(backend);
  backend.runWebGPUProgram = (...args) => (counts.dispatches++, run(...args));
  for (const m of ['read', 'readSync']) {
    const read = backend[m].bind(backend);
    backend[m] = (...args) => (counts.reads++, read(...args));
  }
}
const counted = async (body) => {
  const before = { ...counts };
  const t = performance.now();
  await body();
  return { ms: performance.now() - t, dispatches: counts.dispatches - before.dispatches, reads: counts.reads - before.reads };
};

// ---- one LeNet supermask step --------------------------------------------------------------
const input = { height: side, width: side, channels: 1, numClasses: 10 };
const arch = buildArchitecture('lenet', input);
const init = initSupermask(arch, new Rng(2));
const samples = 8 * (timedSteps + 1);
const data = {
  images: Float32Array.from({ length: samples * side * side }, () => rng.float()),
  labels: Uint8Array.from({ length: samples }, () => rng.int(10)),
  ...input,
};
const options = { localEpochs: 1, batchSize: 8, lr: 0.4, momentum: 0.9, weightDecay: 1e-4, keep: 0.5, maskRule: 'reference' };
const all = Uint32Array.from({ length: samples }, (_, i) => i);
// GPU work is queued and runs when something is read, so a step on the device is timed with the
// client's final read: (timed steps + final()) / steps. The first client compiles the shaders.
console.log(`\nLeNet supermask step, ${side}x${side}, batch 8 (mask, forward/backward, SGD; ${timedSteps} steps and the final read):`);
for (const [label, Trainer] of [
  ['on the device (webgpu training path)', DeviceSupermaskClientTrainer],
  ['mask and SGD on the host (cpu/wasm path)', SupermaskClientTrainer],
]) {
  if (Trainer === DeviceSupermaskClientTrainer && info.tfjsBackend !== 'webgpu') continue;
  await new Trainer(arch, init.weights, init.scores, data, all.subarray(0, 8), options, new Rng(3)).train();
  const trainer = new Trainer(arch, init.weights, init.scores, data, all.subarray(8), options, new Rng(3));
  const before = { ...counts };
  const t = performance.now();
  const steps = [];
  for (let i = 0; i < timedSteps; i++) steps.push(await counted(() => trainer.step()));
  await trainer.final();
  const ms = (performance.now() - t) / timedSteps;
  const reads = (counts.reads - before.reads) / timedSteps;
  console.log(
    `  ${label.padEnd(42)} ${ms.toFixed(1)} ms per step, ${steps[0].dispatches} dispatches and ${steps[0].reads} reads in a step, ${reads} reads per step with the final one  [${elapsed()}]`,
  );
}

// ---- a round's local training: clients one by one, or together ------------------------------
if (info.tfjsBackend === 'webgpu') {
  const clientSamples = 2 * 8;
  const clientData = {
    images: Float32Array.from({ length: Math.max(...perRound) * clientSamples * side * side }, () => rng.float()),
    labels: Uint8Array.from({ length: Math.max(...perRound) * clientSamples }, () => rng.int(10)),
    ...input,
  };
  const jobs = (k) =>
    Array.from({ length: k }, (_, c) => ({
      data: clientData,
      indices: Uint32Array.from({ length: clientSamples }, (_, i) => c * clientSamples + i),
      options,
      rng: new Rng(100 + c),
    }));
  console.log(`\nLeNet local training of a round, ${clientSamples} samples per client (${clientSamples / 8} steps of batch 8):`);
  for (const k of perRound) {
    const alone = await counted(async () => {
      for (const j of jobs(k))
        await new DeviceSupermaskClientTrainer(arch, init.weights, init.scores, j.data, j.indices, j.options, j.rng).train();
    });
    const together = await counted(() => new DeviceSupermaskClientsTrainer(arch, init.weights, init.scores, jobs(k)).train());
    console.log(
      `  ${String(k).padStart(3)} clients: one by one ${alone.dispatches} dispatches, ${alone.reads} reads, ${(alone.ms / 1000).toFixed(1)} s; ` +
        `as one computation ${together.dispatches} dispatches, ${together.reads} reads, ${(together.ms / 1000).toFixed(1)} s  [${elapsed()}]`,
    );
  }
}

// ---- one FRL round --------------------------------------------------------------------------
const quickSet = [
  'data.dataset=synthetic',
  `data.synthetic.height=${side}`,
  `data.synthetic.width=${side}`,
  'data.synthetic.channels=1',
  'data.synthetic.numClasses=10',
  'data.testSubset=64',
  'training.localEpochs=1',
];
for (const k of perRound) {
  const sets = [`backend=${values.backend}`, 'workers=0', 'federation.rounds=1', `federation.clientsPerRound=${k}`];
  if (quick)
    sets.push(
      ...quickSet,
      `data.synthetic.trainSize=${8 * Math.max(...perRound) * 2}`,
      `federation.clients=${Math.max(...perRound) * 2}`,
      'data.partition={kind: iid}',
    );
  const config = await loadRunConfig(values.config, [...sets, ...values.set]);
  const runData = await loadRunData(config);
  let row;
  const round = await counted(() => runFederation(config, runData, { onRound: (m) => (row = m) }));
  const roundCounts = info.tfjsBackend === 'webgpu' ? `, ${round.dispatches} dispatches, ${round.reads} reads` : '';
  console.log(
    `FRL round, ${k} clients per round${quick ? ` (quick: synthetic ${side}x${side}, 8 samples per client, 1 epoch, 64 test samples)` : ''}: ${row.seconds.toFixed(1)} s (train ${row.trainSeconds.toFixed(1)} s, eval ${row.evalSeconds.toFixed(1)} s)${roundCounts}, accuracy ${row.accuracy.toFixed(3)}  [${elapsed()}]`,
  );
}
console.log(`total ${elapsed()}`);
