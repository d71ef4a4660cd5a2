/**
 * Several clients trained as one computation (DeviceSupermaskClientsTrainer) against each client
 * trained alone on the cpu backend (SupermaskClientTrainer): three clients with 12, 8 and 5
 * samples (4, 2 and 2 steps of batch 8 over 2 epochs, short last batches, one label flipper).
 * Per client: the same number of steps, score changes within max |gpu - cpu| / max |cpu change|
 * < 2e-5 per layer, mean loss within 1e-6 relative (the tolerances of one client on the device;
 * the batched products only reorder float sums). A step reads nothing back and costs as many
 * dispatches for three clients as for one. Webgpu test project (`npm run test:webgpu`).
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
import { DeviceSupermaskClientsTrainer, type ClientTrainingJob } from './device-supermask-clients.js';

const SCORE_TOLERANCE = 2e-5;
const LOSS_TOLERANCE = 1e-6;

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
  const count = 25;
  const pixels = input.height * input.width * input.channels;
  const data = {
    images: Float32Array.from({ length: count * pixels }, () => rng.float()),
    labels: Uint8Array.from({ length: count }, () => rng.int(10)),
    ...input,
  };
  const base = { localEpochs: 2, batchSize: 8, lr: 0.4, momentum: 0.9, weightDecay: 1e-4, keep: 0.5, maskRule };
  const clients = [
    { indices: Uint32Array.from({ length: 12 }, (_, i) => i), labelFlip: false },
    { indices: Uint32Array.from({ length: 8 }, (_, i) => 12 + i), labelFlip: true },
    { indices: Uint32Array.from({ length: 5 }, (_, i) => 20 + i), labelFlip: false },
  ];
  const jobs = (): ClientTrainingJob[] =>
    clients.map((c, i) => ({ data, indices: c.indices, options: { ...base, labelFlip: c.labelFlip }, rng: new Rng(10 + i) }));
  return { arch, init, jobs };
}

type Setting = ReturnType<typeof setting>;

async function onCpu(s: Setting): Promise<LocalTrainingResult[]> {
  await initBackend('cpu');
  const out: LocalTrainingResult[] = [];
  for (const j of s.jobs())
    out.push(await new SupermaskClientTrainer(s.arch, s.init.weights, s.init.scores, j.data, j.indices, j.options, j.rng).train());
  return out;
}

function counters(): { dispatches: () => number; reads: () => number } {
  const backend = tf.backend() as unknown as Record<'runWebGPUProgram' | 'read' | 'readSync', (...args: unknown[]) => unknown>;
  const run = vi.spyOn(backend, 'runWebGPUProgram');
  const reads = [vi.spyOn(backend, 'read'), vi.spyOn(backend, 'readSync')];
  return { dispatches: () => run.mock.calls.length, reads: () => reads.reduce((s, r) => s + r.mock.calls.length, 0) };
}

describe('clients trained as one computation on webgpu', () => {
  beforeAll(async () => {
    await initBackend('webgpu');
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it.each([
    ['mlp', { height: 6, width: 6, channels: 1, numClasses: 10 }, 'top-rank'],
    ['cnn', { height: 8, width: 8, channels: 1, numClasses: 10 }, 'reference'],
  ] as [NetName, InputShape, MaskRule][])('%s, %s: each client as if trained alone', async (name, input, rule) => {
    const s = setting(name, input, rule);
    const cpu = await onCpu(s);
    await initBackend('webgpu');
    const gpu = await new DeviceSupermaskClientsTrainer(s.arch, s.init.weights, s.init.scores, s.jobs()).train();
    expect(gpu.map((r) => r.steps)).toEqual([4, 2, 2]);
    for (let c = 0; c < cpu.length; c++) {
      expect(gpu[c].steps).toBe(cpu[c].steps);
      expect(Math.abs(gpu[c].meanLoss - cpu[c].meanLoss) / Math.abs(cpu[c].meanLoss), `client ${c} loss`).toBeLessThan(LOSS_TOLERANCE);
      for (let l = 0; l < s.arch.layers.length; l++) {
        const cpuChange = cpu[c].scores[l].map((v, i) => v - s.init.scores[l][i]);
        const gpuChange = gpu[c].scores[l].map((v, i) => v - s.init.scores[l][i]);
        expect(cpuChange.some((v) => v !== 0)).toBe(true);
        expect(relativeError(gpuChange, cpuChange), `client ${c} layer ${l}`).toBeLessThan(SCORE_TOLERANCE);
      }
    }
  });

  it('a step reads nothing back and costs the same dispatches for three clients as for one', async () => {
    const s = setting('mlp', { height: 6, width: 6, channels: 1, numClasses: 10 }, 'reference');
    const perStep = async (jobs: ClientTrainingJob[]): Promise<number> => {
      const trainer = new DeviceSupermaskClientsTrainer(s.arch, s.init.weights, s.init.scores, jobs);
      await trainer.step(); // the first step: no momentum yet
      const count = counters();
      await trainer.step();
      const dispatches = count.dispatches();
      expect(count.reads()).toBe(0);
      vi.restoreAllMocks();
      await trainer.final();
      return dispatches;
    };
    const three = await perStep(s.jobs());
    const one = await perStep(s.jobs().slice(0, 1));
    expect(three).toBeGreaterThan(0);
    expect(three).toBe(one);
  });
});
