import { describe, expect, it } from 'vitest';
import { runConfigSchema, type RunConfig } from '@fedrank/server';
import { buildArchitecture } from '@fedrank/supermask';
import { activationsPerSample, estimateRunMemory } from './run-memory-estimate.js';
import { checkRunSize } from './run-size-check.js';

const MiB = 2 ** 20;

function config(
  over: { arch?: string; clientsPerRound?: number; clients?: number; workers?: number; aggregator?: string; attack?: string } = {},
): RunConfig {
  return runConfigSchema.parse({
    seed: 1,
    workers: over.workers ?? 0,
    data: { dataset: 'synthetic', synthetic: { trainSize: 200, testSize: 50, height: 32, width: 32, channels: 3 } },
    federation: { clients: over.clients ?? 100, clientsPerRound: over.clientsPerRound ?? 10, rounds: 1 },
    model: { arch: over.arch ?? 'lenet' },
    aggregator: { kind: over.aggregator ?? 'frl-vote' },
    attack: over.attack ? { kind: over.attack, fraction: 0.2 } : { kind: 'none' },
  });
}

const part = (c: RunConfig, key: string): number => estimateRunMemory(c)!.parts.find((p) => p.key === key)?.bytes ?? 0;

describe('activationsPerSample', () => {
  it('counts the input and every conv, relu, pool and dense output of one image', () => {
    const lenet = buildArchitecture('lenet', { height: 28, width: 28, channels: 1, numClasses: 10 });
    // input, conv 28x28x32 + relu, conv 28x28x64 + relu, pool 14x14x64, dense 128 + relu, dense 10
    expect(activationsPerSample(lenet)).toBe(784 + 2 * 25088 + 2 * 50176 + 12544 + 2 * 128 + 10);
  });
});

describe('estimateRunMemory', () => {
  it('grows the uploads part linearly with clients per round: two copies of each Uint32 ranking of every edge, plus the attack pool', () => {
    const edges = buildArchitecture('conv4', { height: 32, width: 32, channels: 3, numClasses: 10 }).totalEdges;
    expect(part(config({ arch: 'conv4', clientsPerRound: 10 }), 'federation.clientsPerRound')).toBe(10 * edges * 8);
    expect(part(config({ arch: 'conv4', clientsPerRound: 40 }), 'federation.clientsPerRound')).toBe(40 * edges * 8);
    expect(part(config({ arch: 'conv4', clientsPerRound: 10, attack: 'rank-reversal' }), 'federation.clientsPerRound')).toBe(
      20 * edges * 8,
    );
  });

  it('puts the training and evaluation batches in each worker when there are workers, in the main thread otherwise', () => {
    const none = config({ arch: 'conv8' });
    const two = config({ arch: 'conv8', workers: 2 });
    const four = config({ arch: 'conv8', workers: 4 });
    expect(part(none, 'workers')).toBe(0);
    expect(part(four, 'workers')).toBe(2 * part(two, 'workers'));
    expect(part(none, 'model.arch') - part(two, 'model.arch')).toBeGreaterThan(0);
    expect(part(two, 'workers') / 2).toBeGreaterThan(part(none, 'model.arch') - part(two, 'model.arch'));
  });

  it('sizes conv models at the dataset image shape', () => {
    expect(part(config({ arch: 'conv8' }), 'model.arch')).toBeGreaterThan(part(config({ arch: 'conv2' }), 'model.arch'));
    const small = runConfigSchema.parse({
      ...config({ arch: 'conv4' }),
      data: { dataset: 'synthetic', synthetic: { height: 16, width: 16, channels: 3 } },
    });
    expect(part(small, 'model.arch')).toBeLessThan(part(config({ arch: 'conv4' }), 'model.arch'));
  });

  it('sizes an inline layer list like the built-in it spells out', () => {
    const inline = runConfigSchema.parse({
      ...config(),
      model: {
        arch: {
          name: 'my-lenet',
          layers: [{ conv: 32 }, 'relu', { conv: 64 }, 'relu', 'pool', 'flatten', { dense: 128 }, 'relu', { dense: 'classes' }],
        },
      },
    });
    expect(estimateRunMemory(inline)!.total).toBe(estimateRunMemory(config())!.total);
  });

  it('is unknown for a dataset plugin (its shape is known once it has loaded)', () => {
    const plugin = { ...config(), data: { module: '/x.mjs', dataset: 'x', partition: { kind: 'iid' } } } as unknown as RunConfig;
    expect(estimateRunMemory(plugin)).toBeUndefined();
  });
});

describe('checkRunSize', () => {
  it('names the key of the largest part, the estimate and the limit', () => {
    const c = config({ arch: 'conv4', clients: 100_000, clientsPerRound: 100_000 });
    expect(() => checkRunSize(c, 1024 * MiB)).toThrow(
      /^federation\.clientsPerRound: the run would need about [\d.]+ [GT]iB, over the limit of 1\.00 GiB: [\d.]+ [GT]iB for the round's 100000 uploads \(rankings of 2\.43e\+6 edges as Uint32\)/,
    );
    expect(() => checkRunSize(config({ arch: 'conv8', workers: 64, clients: 64, clientsPerRound: 64 }), 8192 * MiB)).toThrow(
      /^workers: the run would need about [\d.]+ GiB, over the limit of 8\.00 GiB: [\d.]+ GiB for 64 worker threads/,
    );
    expect(() => checkRunSize(config(), 4096 * MiB)).not.toThrow();
  });
});
