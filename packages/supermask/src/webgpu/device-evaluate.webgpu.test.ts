/**
 * Evaluation on webgpu (device-evaluate.ts, reached through evaluateWeightsAsync) against
 * evaluateWeights on the cpu backend: the same number of correct predictions and the summed
 * cross-entropy within 1e-5 relative, over several batches with a short last one; the batch sums
 * are read back once, not once per batch. Webgpu test project (`npm run test:webgpu`).
 */
import * as tf from '@tensorflow/tfjs';
import { Rng } from '@fedrank/random';
import { initBackend } from '@fedrank/tensor';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildArchitecture } from '../architectures.js';
import { effectiveWeights, evaluateWeights, evaluateWeightsAsync } from '../evaluate.js';
import { initSupermask } from '../init.js';

describe('evaluation on webgpu', () => {
  beforeAll(async () => {
    await initBackend('webgpu');
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('matches the cpu backend and reads once', async () => {
    const input = { height: 6, width: 6, channels: 1, numClasses: 10 };
    const arch = buildArchitecture('mlp', input, { hidden: [32] });
    const init = initSupermask(arch, new Rng(3));
    const weights = effectiveWeights(arch, init.weights, init.scores, 0.5, 'reference');
    const rng = new Rng(8);
    const count = 50;
    const data = {
      images: Float32Array.from({ length: count * 36 }, () => rng.float()),
      labels: Uint8Array.from({ length: count }, () => rng.int(10)),
      count,
      ...input,
    };
    await initBackend('cpu');
    const cpu = evaluateWeights(arch, weights, data, { batchSize: 16 });
    await initBackend('webgpu');
    const backend = tf.backend() as unknown as Record<'read' | 'readSync', (...args: unknown[]) => unknown>;
    const reads = [vi.spyOn(backend, 'read'), vi.spyOn(backend, 'readSync')];
    const before = tf.memory().numTensors;
    const gpu = await evaluateWeightsAsync(arch, weights, data, { batchSize: 16 });
    expect(reads.reduce((s, r) => s + r.mock.calls.length, 0)).toBe(1);
    expect(tf.memory().numTensors).toBe(before);
    expect(gpu.count).toBe(count);
    expect(gpu.correct).toBe(cpu.correct);
    expect(Math.abs(gpu.lossSum - cpu.lossSum) / cpu.lossSum).toBeLessThan(1e-5);
  });
});
