/**
 * Local training kept on the GPU (DeviceSupermaskClientTrainer) against the CPU path
 * (SupermaskClientTrainer on the cpu backend) from the same scores, batches and options: after
 * 4 steps (2 epochs of 2 batches, so the momentum buffer and the cosine schedule are exercised)
 * the score changes agree within max |gpu - cpu| / max |cpu change| < 2e-5 per layer and the mean
 * losses within 1e-6 relative (observed on SwiftShader: 1e-7 to 3.4e-7, and 5e-8 to 7e-8; up to
 * 2.3e-6 with LeNet's channels). Float32 on
 * the device against double in the CPU optimizer, plus the forward/backward differences of the
 * webgpu kernels (1e-7 to 1e-6), compounded over 4 steps. Also: no tensor is read back inside a
 * step, and `final()` reads once. Webgpu test project (`npm run test:webgpu`, SwiftShader).
 */
import * as tf from '@tensorflow/tfjs';
import { Rng } from '@fedrank/random';
import { initBackend } from '@fedrank/tensor';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildArchitecture, type InputShape } from '../architectures.js';
import type { Architecture } from '../architecture-types.js';
import { architectureFromLayers } from '../layer-list.js';
import { initSupermask } from '../init.js';
import type { MaskRule } from '../mask-rule.js';
import { SupermaskClientTrainer, type LocalTrainingResult } from '../supermask-client.js';
import { DeviceSupermaskClientTrainer } from './device-supermask-client.js';

const SCORE_TOLERANCE = 2e-5;
const LOSS_TOLERANCE = 1e-6;
const SAMPLES = 12;

function relativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < b.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return scale === 0 ? diff : diff / scale;
}

/** A small CNN (LeNet's ops with fewer channels: SwiftShader is slow) or an MLP. */
type NetName = 'cnn' | 'mlp';
function network(name: NetName, input: InputShape): Architecture {
  if (name === 'mlp') return buildArchitecture('mlp', input, { hidden: [32] });
  return architectureFromLayers('small-cnn', [{ conv: 4 }, 'relu', 'pool', { conv: 8 }, 'relu', 'flatten', { dense: 'classes' }], input);
}

function setting(name: NetName, input: InputShape, maskRule: MaskRule) {
  const arch = network(name, input);
  const init = initSupermask(arch, new Rng(3));
  const rng = new Rng(4);
  const pixels = input.height * input.width * input.channels;
  const data = {
    images: Float32Array.from({ length: SAMPLES * pixels }, () => rng.float()),
    labels: Uint8Array.from({ length: SAMPLES }, () => rng.int(10)),
    ...input,
  };
  const options = { localEpochs: 2, batchSize: 8, lr: 0.4, momentum: 0.9, weightDecay: 1e-4, keep: 0.5, maskRule };
  const indices = Uint32Array.from({ length: SAMPLES }, (_, i) => i);
  return { arch, init, data, options, indices };
}

type Setting = ReturnType<typeof setting>;

async function onCpu(s: Setting): Promise<LocalTrainingResult> {
  await initBackend('cpu');
  return new SupermaskClientTrainer(s.arch, s.init.weights, s.init.scores, s.data, s.indices, s.options, new Rng(5)).train();
}

function deviceTrainer(s: Setting): DeviceSupermaskClientTrainer {
  return new DeviceSupermaskClientTrainer(s.arch, s.init.weights, s.init.scores, s.data, s.indices, s.options, new Rng(5));
}

/** Counts the webgpu backend's reads (tensor.data, dataSync, dataToGPU) from now on. */
function countReads(): () => number {
  const backend = tf.backend() as unknown as Record<'read' | 'readSync' | 'readToGPU', (...args: unknown[]) => unknown>;
  const spies = (['read', 'readSync', 'readToGPU'] as const).map((m) => vi.spyOn(backend, m));
  return () => spies.reduce((sum, spy) => sum + spy.mock.calls.length, 0);
}

describe('supermask training kept on webgpu', () => {
  beforeAll(async () => {
    await initBackend('webgpu');
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it.each([
    ['cnn', { height: 8, width: 8, channels: 1, numClasses: 10 }, 'reference'],
    ['mlp', { height: 6, width: 6, channels: 1, numClasses: 10 }, 'top-rank'],
  ] as [NetName, InputShape, MaskRule][])('%s, %s: 4 steps on the device match the CPU path', async (name, input, rule) => {
    const s = setting(name, input, rule);
    const cpu = await onCpu(s);
    await initBackend('webgpu');
    const gpu = await deviceTrainer(s).train();
    expect(tf.getBackend()).toBe('webgpu');
    expect(gpu.steps).toBe(4);
    expect(gpu.steps).toBe(cpu.steps);
    expect(Math.abs(gpu.meanLoss - cpu.meanLoss) / Math.abs(cpu.meanLoss)).toBeLessThan(LOSS_TOLERANCE);
    for (let l = 0; l < cpu.scores.length; l++) {
      const cpuChange = cpu.scores[l].map((v, i) => v - s.init.scores[l][i]);
      const gpuChange = gpu.scores[l].map((v, i) => v - s.init.scores[l][i]);
      expect(cpuChange.some((v) => v !== 0)).toBe(true);
      expect(relativeError(gpuChange, cpuChange), `layer ${l}`).toBeLessThan(SCORE_TOLERANCE);
    }
  });

  it('reads nothing back inside a step, and once at the end', async () => {
    const s = setting('mlp', { height: 6, width: 6, channels: 1, numClasses: 10 }, 'reference');
    const trainer = deviceTrainer(s);
    const before = tf.memory().numTensors;
    const reads = countReads();
    let steps = 0;
    while (await trainer.step()) steps++;
    expect(steps + 1).toBe(4);
    expect(reads()).toBe(0);
    const result = await trainer.final();
    expect(reads()).toBe(1);
    expect(result.scores.map((x) => x.length)).toEqual(s.arch.layers.map((l) => l.size));
    // Everything the trainer held is released (the frozen weights stay cached for the next client).
    expect(tf.memory().numTensors).toBeLessThanOrEqual(before - s.arch.layers.length * 2);
  });
});
