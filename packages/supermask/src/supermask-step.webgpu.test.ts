/**
 * One supermask training step (mask, forward and backward in tfjs, straight-through SGD) on
 * WebGPU against the cpu backend, from the same scores and batch: the score updates agree within
 * max |webgpu - cpu| / max |cpu update| < 2e-5 per layer (observed on SwiftShader: 5e-7 to 3e-6). The mask and the
 * optimizer run on typed arrays on the CPU in both; what differs is the tfjs forward/backward
 * (conv2d and its gradients, ReLU, max-pool gradient, dense products, log-softmax).
 * Webgpu test project: `npm run test:webgpu` (SwiftShader); fails when no adapter is found.
 */
import * as tf from '@tensorflow/tfjs';
import { Rng } from '@fedrank/random';
import { initBackend } from '@fedrank/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildArchitecture, type ArchName, type InputShape } from './architectures.js';
import { initSupermask } from './init.js';
import { SupermaskClientTrainer } from './supermask-client.js';

const TOLERANCE = 2e-5;

function relativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < b.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return scale === 0 ? diff : diff / scale;
}

async function oneStep(backend: 'cpu' | 'webgpu', name: ArchName, input: InputShape): Promise<Float32Array[]> {
  await initBackend(backend);
  const arch = buildArchitecture(name, input, { hidden: [32] });
  const init = initSupermask(arch, new Rng(3));
  const rng = new Rng(4);
  const samples = 4;
  const pixels = input.height * input.width * input.channels;
  const data = {
    images: Float32Array.from({ length: samples * pixels }, () => rng.float()),
    labels: Uint8Array.from({ length: samples }, () => rng.int(10)),
    ...input,
  };
  const options = {
    localEpochs: 1,
    batchSize: samples,
    lr: 0.4,
    momentum: 0.9,
    weightDecay: 1e-4,
    keep: 0.5,
    maskRule: 'reference' as const,
  };
  const trainer = new SupermaskClientTrainer(arch, init.weights, init.scores, data, Uint32Array.from([0, 1, 2, 3]), options, new Rng(5));
  await trainer.step();
  return trainer.scores.map((s, l) => Float32Array.from(s, (v, i) => v - init.scores[l][i]));
}

describe('a supermask step on webgpu', () => {
  beforeAll(async () => {
    await initBackend('webgpu');
  });

  it.each([
    ['lenet', { height: 8, width: 8, channels: 1, numClasses: 10 }],
    ['mlp', { height: 6, width: 6, channels: 1, numClasses: 10 }],
  ] as [ArchName, InputShape][])('%s: the score updates match the cpu backend', async (name, input) => {
    const cpu = await oneStep('cpu', name, input);
    const gpu = await oneStep('webgpu', name, input);
    expect(tf.getBackend()).toBe('webgpu');
    expect(gpu.length).toBe(cpu.length);
    for (let l = 0; l < cpu.length; l++) {
      expect(cpu[l].some((v) => v !== 0)).toBe(true);
      expect(relativeError(gpu[l], cpu[l])).toBeLessThan(TOLERANCE);
    }
  });
});
