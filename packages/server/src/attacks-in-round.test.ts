/**
 * Attacks and robust rules inside the round loop, on a small synthetic task (in-process).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '@fedrank/tensor';
import { makeSynthetic } from '@fedrank/data';
import { ConfigError, parseRunConfig } from './config.js';
import { runFederation, type RoundMetrics } from './run-federation.js';

beforeAll(async () => {
  await initBackend('wasm');
});

const data = makeSynthetic({ trainSize: 400, testSize: 200, height: 6, width: 6, channels: 1, numClasses: 3, seed: 5 });

const config = (aggregator: Record<string, unknown>, attack: Record<string, unknown>, rounds = 4) =>
  parseRunConfig({
    seed: 5,
    workers: 0,
    data: { dataset: 'synthetic', partition: { kind: 'iid' } },
    federation: { clients: 10, clientsPerRound: 10, rounds },
    model: { arch: 'mlp', hidden: [16] },
    training: { localEpochs: 1, batchSize: 8, ...(aggregator.kind === 'frl-vote' ? {} : { lr: 0.05 }) },
    aggregator,
    attack,
  });

async function run(aggregator: Record<string, unknown>, attack: Record<string, unknown>, rounds = 4) {
  const metrics: RoundMetrics[] = [];
  const r = await runFederation(config(aggregator, attack, rounds), data, { onRound: (m) => metrics.push(m) });
  return { ...r, metrics };
}

describe('attacks in the round loop', () => {
  it('dense FedAvg learns without attack and collapses under naive scaling; the median resists it', async () => {
    const clean = await run({ kind: 'fedavg' }, { kind: 'none' });
    expect(clean.finalAccuracy).toBeGreaterThan(0.7);
    const scaled = await run({ kind: 'fedavg' }, { kind: 'scaling', fraction: 0.2 });
    expect(scaled.metrics.every((m) => m.maliciousClients === 2)).toBe(true);
    expect(scaled.finalAccuracy).toBeLessThan(0.5);
    const median = await run({ kind: 'median' }, { kind: 'scaling', fraction: 0.2 });
    expect(median.finalAccuracy).toBeGreaterThan(0.7);
    // Uniform Phantom (strategyproof, proportionally fair) as a coordinate-wise rule, with a fixed range.
    const phantom = await run({ kind: 'uniform-phantom', range: { lo: -1, hi: 1 } }, { kind: 'scaling', fraction: 0.2 });
    expect(phantom.finalAccuracy).toBeGreaterThan(0.6);
  });

  it('rejects and counts malformed updates, and the run completes', async () => {
    const frl = await run({ kind: 'frl-vote' }, { kind: 'malformed', fraction: 0.3 }, 2);
    expect(frl.completedRounds).toBe(2);
    expect(frl.metrics.map((m) => m.rejectedUpdates)).toEqual([3, 3]);
    const dense = await run({ kind: 'trimmed-mean' }, { kind: 'malformed', fraction: 0.3 }, 2);
    expect(dense.metrics.map((m) => m.rejectedUpdates)).toEqual([3, 3]);
    expect(dense.finalAccuracy).toBeGreaterThan(0.5);
  });

  it('runs FRL under rank reversal and label flipping', async () => {
    const rr = await run({ kind: 'frl-vote' }, { kind: 'rank-reversal', fraction: 0.2, poolSize: 2 }, 3);
    expect(rr.metrics.map((m) => m.rejectedUpdates)).toEqual([0, 0, 0]);
    expect(rr.finalAccuracy).toBeGreaterThan(0.5);
    const lf = await run({ kind: 'frl-vote' }, { kind: 'label-flip', fraction: 0.2 }, 2);
    expect(lf.completedRounds).toBe(2);
  });

  it('is reproducible under an attack with randomness', async () => {
    const a = await run({ kind: 'fedavg' }, { kind: 'gaussian', fraction: 0.2 }, 2);
    const b = await run({ kind: 'fedavg' }, { kind: 'gaussian', fraction: 0.2 }, 2);
    expect(a.metrics.map((m) => m.accuracy)).toEqual(b.metrics.map((m) => m.accuracy));
  });

  it('refuses a ranking attack against a weight rule and the reverse', () => {
    expect(() => config({ kind: 'fedavg' }, { kind: 'rank-reversal', fraction: 0.1 })).toThrow(ConfigError);
    expect(() => config({ kind: 'frl-vote' }, { kind: 'lie', fraction: 0.1 })).toThrow(/attack\.kind: lie attacks weight updates/);
    expect(() => config({ kind: 'krum', beta: 2 }, { kind: 'none' })).toThrow(/aggregator\.beta/);
  });
});
