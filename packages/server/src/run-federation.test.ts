import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@fedrank/tensor';
import { makeSynthetic } from '@fedrank/data';
import { parseRunConfig } from './config.js';
import { runFederation } from './run-federation.js';

beforeAll(async () => {
  await initBackend('wasm');
});

const config = (rounds: number, extra: Record<string, unknown> = {}) =>
  parseRunConfig({
    seed: 3,
    workers: 0,
    data: { dataset: 'synthetic', partition: { kind: 'iid' } },
    federation: { clients: 6, clientsPerRound: 3, rounds },
    model: { arch: 'mlp', hidden: [16] },
    training: { localEpochs: 1, batchSize: 8 },
    ...extra,
  });

describe('runFederation (in-process)', () => {
  const data = makeSynthetic({ trainSize: 240, testSize: 120, height: 6, width: 6, channels: 1, numClasses: 3, seed: 3 });

  it('holds the same number of live tensors after round 10 as after round 2', async () => {
    const live: number[] = [];
    await runFederation(config(10), data, { onRound: () => live.push(tf.memory().numTensors) });
    expect(live).toHaveLength(10);
    expect(live[9]).toBe(live[1]);
  });

  it('keeps the global scores a permutation of the round-0 scores and learns', async () => {
    const r = await runFederation(config(4), data);
    expect(r.completedRounds).toBe(4);
    expect(r.finalAccuracy).toBeGreaterThan(0.6);
    const again = await runFederation(config(1), data);
    // Round-0 scores are the init stream's; after any vote the multiset is unchanged.
    for (let l = 0; l < r.model.scores.length; l++) {
      expect(Array.from(r.model.scores[l]).sort()).toEqual(Array.from(again.model.scores[l]).sort());
    }
  });

  it('evaluates every evalEvery rounds and on the last round', async () => {
    const rounds: number[] = [];
    await runFederation(config(5, { federation: { clients: 6, clientsPerRound: 3, rounds: 5, evalEvery: 2 } }), data, {
      onRound: (m) => rounds.push(m.round),
    });
    expect(rounds).toEqual([1, 3, 4]);
  });

  it('stops between clients when asked and reports the completed rounds', async () => {
    let rounds = 0;
    const r = await runFederation(config(50), data, { onRound: () => rounds++, shouldStop: () => rounds >= 2 });
    expect(r.interrupted).toBe(true);
    expect(r.completedRounds).toBe(2);
  });
});
