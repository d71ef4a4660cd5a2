import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@fedrank/tensor';
import { makeSynthetic, partitionDataset, type DatasetSplits } from '@fedrank/data';
import { Rng } from '@fedrank/random';
import { saveModel } from '../checkpoint.js';
import { ConfigError, parseRunConfig, type RunConfig } from '../config.js';
import { runFederation, type FinalModel } from '../run-federation.js';
import { labeledClients, loadPostTrainingBase } from './base-run.js';
import { PostTrainingError } from './errors.js';
import { runPostTraining, type PostTrainingRoundMetrics } from './run-post-training.js';

beforeAll(async () => {
  await initBackend('wasm');
});

const raw = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  seed: 3,
  workers: 0,
  data: { dataset: 'synthetic', partition: { kind: 'iid' } },
  federation: { clients: 12, clientsPerRound: 3, rounds: 2 },
  model: { arch: 'mlp', hidden: [16] },
  aggregator: { kind: 'fedavg' },
  training: { localEpochs: 1, batchSize: 8, lr: 0.05 },
  ...extra,
});

function errorOf(f: () => unknown): Error & { field?: string; exitCode?: number } {
  try {
    f();
  } catch (e) {
    return e as Error & { field?: string; exitCode?: number };
  }
  throw new Error('expected an error');
}

async function rejectionOf(p: Promise<unknown>): Promise<Error & { field?: string; exitCode?: number }> {
  try {
    await p;
  } catch (e) {
    return e as Error & { field?: string; exitCode?: number };
  }
  throw new Error('expected a rejection');
}

describe('postTraining config', () => {
  it('fills the reference defaults', () => {
    const c = parseRunConfig(raw({ postTraining: { from: 'runs/base' } }));
    expect(c.postTraining).toEqual({
      from: 'runs/base',
      groupSize: 10,
      temperature: 0.7,
      klCoef: 0.01,
      clip: { low: 0.2, high: 0.3, dual: 3 },
      rollout: 'step',
      clients: 'unseen',
      monitorSamples: 2000,
      augment: { shift: 0, noise: 0 },
      klAnchor: 'round',
      minAgreement: 0,
      balanceGuard: 0,
      balanceTarget: 'base',
    });
    expect(parseRunConfig(raw()).postTraining).toBeUndefined();
    expect(parseRunConfig(raw({ postTraining: { from: 'x', clip: { high: 0.28 } } })).postTraining?.clip).toEqual({
      low: 0.2,
      high: 0.28,
      dual: 3,
    });
  });

  it('names the bad key', () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ groupSize: 10 }, 'postTraining.from'],
      [{ from: 'x', groupSize: 1 }, 'postTraining.groupSize'],
      [{ from: 'x', temperature: 0 }, 'postTraining.temperature'],
      [{ from: 'x', klCoef: -1 }, 'postTraining.klCoef'],
      [{ from: 'x', clip: { dual: 1 } }, 'postTraining.clip.dual'],
      [{ from: 'x', clip: { low: 1 } }, 'postTraining.clip.low'],
      [{ from: 'x', rollout: 'epoch' }, 'postTraining.rollout'],
      [{ from: 'x', grupSize: 10 }, 'postTraining.grupSize'],
      [{ from: 'x', augment: { shift: 1 }, rollout: 'round' }, 'postTraining.augment'],
      [{ from: 'x', augment: { shift: 0.5 } }, 'postTraining.augment.shift'],
      [{ from: 'x', augment: { noise: -1 } }, 'postTraining.augment.noise'],
      [{ from: 'x', klAnchor: 'start' }, 'postTraining.klAnchor'],
      [{ from: 'x', minAgreement: 1.5 }, 'postTraining.minAgreement'],
      [{ from: 'x', balanceGuard: -1 }, 'postTraining.balanceGuard'],
      [{ from: 'x', balanceTarget: 'prior' }, 'postTraining.balanceTarget'],
    ];
    for (const [pt, field] of cases) {
      const e = errorOf(() => parseRunConfig(raw({ postTraining: pt }), 'pt.yaml'));
      expect(e, field).toBeInstanceOf(ConfigError);
      expect(e.field).toBe(field);
      expect(e.exitCode).toBe(2);
      expect(e.message.startsWith(`pt.yaml: ${field}: `)).toBe(true);
    }
  });
});

describe('post-training base run', () => {
  const data = makeSynthetic({ trainSize: 480, testSize: 120, height: 6, width: 6, channels: 1, numClasses: 3, seed: 3 });
  const baseConfig = parseRunConfig(raw({ federation: { clients: 12, clientsPerRound: 3, rounds: 2 } }));
  let base: FinalModel;
  let dir: string;
  const readConfig = (): RunConfig => baseConfig;

  beforeAll(async () => {
    base = (await runFederation(baseConfig, data)).model;
    dir = mkdtempSync(join(tmpdir(), 'fedrank-pt-'));
    await saveModel(join(dir, 'model'), base);
    writeFileSync(join(dir, 'config.resolved.yaml'), 'stand-in: the test passes the parsed config\n');
  });

  const ptConfig = (pt: Record<string, unknown> = {}, extra: Record<string, unknown> = {}): RunConfig =>
    parseRunConfig(
      raw({
        federation: { clients: 12, clientsPerRound: 3, rounds: 3 },
        training: { localEpochs: 1, batchSize: 8, lr: 0.01 },
        postTraining: { from: dir, monitorSamples: 100, ...pt },
        ...extra,
      }),
    );

  it('a missing run directory is a one-line error naming postTraining.from, exit code 2', async () => {
    const missing = join(dir, 'nope');
    const e = await rejectionOf(loadPostTrainingBase(ptConfig({ from: missing }), readConfig));
    expect(e).toBeInstanceOf(PostTrainingError);
    expect(e.field).toBe('postTraining.from');
    expect(e.exitCode).toBe(2);
    expect(e.message).toBe(`postTraining.from: ${missing}: no such run directory`);
    const empty = join(dir, 'empty');
    mkdirSync(empty, { recursive: true });
    const e2 = await rejectionOf(loadPostTrainingBase(ptConfig({ from: empty }), readConfig));
    expect(e2.field).toBe('postTraining.from');
    expect(e2.message).toMatch(/holds no saved model/);
    expect(e2.message).not.toMatch(/\n/);
  });

  it('loads the model and rejects configs that do not fit it', async () => {
    const b = await loadPostTrainingBase(ptConfig(), readConfig);
    expect(b.model.kind).toBe('dense');
    expect(Array.from(b.model.weights[0])).toEqual(Array.from(base.weights[0]));
    const bad: [RunConfig, string][] = [
      [ptConfig({}, { model: { arch: 'lenet' } }), 'model.arch'],
      [ptConfig({}, { model: { arch: 'mlp', hidden: [8] } }), 'model.hidden'],
      [ptConfig({}, { aggregator: { kind: 'frl-vote' } }), 'aggregator.kind'],
      [ptConfig({}, { federation: { clients: 10, clientsPerRound: 3, rounds: 3 } }), 'federation.clients'],
      [ptConfig({}, { data: { dataset: 'synthetic', partition: { kind: 'dirichlet', alpha: 1 } } }), 'data.partition'],
      [ptConfig({}, { attack: { kind: 'label-flip', fraction: 0.1 } }), 'attack.kind'],
    ];
    for (const [c, field] of bad) {
      const e = await rejectionOf(loadPostTrainingBase(c, readConfig));
      expect(e, field).toBeInstanceOf(PostTrainingError);
      expect(e.field).toBe(field);
    }
    // 'unseen' needs the base run's config.
    const e = await rejectionOf(loadPostTrainingBase(ptConfig(), () => baseConfig).then(() => runPostTraining(ptConfig(), data, base)));
    expect(e.field).toBe('postTraining.clients');
  });

  it('runs: monitoring fields every round, only unseen clients, deterministic, and no live tensors left', async () => {
    const run = async (c: RunConfig) => {
      const rounds: PostTrainingRoundMetrics[] = [];
      const r = await runPostTraining(c, data, base, { onRound: (m) => rounds.push(m) }, { config: baseConfig, dir });
      return { r, rounds };
    };
    const live = tf.memory().numTensors;
    const a = await run(ptConfig());
    expect(tf.memory().numTensors).toBe(live);
    expect(a.rounds.map((m) => m.round)).toEqual([0, 1, 2]);
    for (const m of a.rounds) {
      for (const k of ['accuracy', 'agreement', 'unanimous', 'entropy', 'classBalance', 'meanReward', 'klLoss', 'clipFraction'] as const) {
        expect(Number.isFinite(m[k]), k).toBe(true);
      }
      expect(m.predictedClasses).toHaveLength(3);
      expect(m.predictedClasses.reduce((s, v) => s + v, 0)).toBe(100);
      expect(m.agreement).toBeGreaterThan(0.3);
      expect(m.agreement).toBeLessThanOrEqual(1);
    }
    const seen = labeledClients(baseConfig);
    expect(a.r.postTraining.excludedClients).toBe(seen.size);
    expect(a.r.postTraining.eligibleClients).toBe(12 - seen.size);
    expect(a.r.postTraining.baseAccuracy).toBeCloseTo((await runFederation(baseConfig, data)).finalAccuracy, 12);
    const b = await run(ptConfig());
    expect(b.rounds).toEqual(
      a.rounds.map((m) => ({
        ...m,
        seconds: b.rounds[m.round].seconds,
        trainSeconds: b.rounds[m.round].trainSeconds,
        craftSeconds: b.rounds[m.round].craftSeconds,
        evalSeconds: b.rounds[m.round].evalSeconds,
      })),
    );
    expect(Array.from(b.r.model.weights[0])).toEqual(Array.from(a.r.model.weights[0]));
    const c = await run(
      parseRunConfig({
        ...raw({
          federation: { clients: 12, clientsPerRound: 3, rounds: 3 },
          training: { localEpochs: 1, batchSize: 8, lr: 0.01 },
          postTraining: { from: dir, monitorSamples: 100 },
        }),
        seed: 4,
      }),
    );
    expect(Array.from(c.r.model.weights[0])).not.toEqual(Array.from(a.r.model.weights[0]));
  });

  it('opt-in variants (views, base anchor, threshold, guards) run, report guardWeight, and stay deterministic and label-free', async () => {
    const variants: Record<string, unknown>[] = [
      { augment: { shift: 1, noise: 0.1 }, klAnchor: 'base', klCoef: 0.1 },
      { balanceGuard: 3, balanceTarget: 'uniform', klAnchor: 'base', minAgreement: 0.5 },
      { balanceGuard: 2, balanceTarget: 'base' },
    ];
    for (const v of variants) {
      const c = ptConfig({ ...v, clients: 'all' });
      const rounds: PostTrainingRoundMetrics[] = [];
      const live = tf.memory().numTensors;
      const a = await runPostTraining(c, data, base, { onRound: (m) => rounds.push(m) }, { config: baseConfig });
      expect(tf.memory().numTensors).toBe(live);
      expect(rounds).toHaveLength(3);
      for (const m of rounds) {
        expect(m.guardWeight, JSON.stringify(v)).toBeGreaterThanOrEqual(0);
        expect(m.guardWeight).toBeLessThanOrEqual(1);
      }
      expect(a.postTraining).toMatchObject(v);
      const rng = new Rng(1);
      const scrambled: DatasetSplits = { ...data, train: { ...data.train, labels: Uint8Array.from(data.train.labels, () => rng.int(3)) } };
      const b = await runPostTraining(c, scrambled, base, {}, { config: baseConfig });
      expect(Array.from(b.model.weights[0])).toEqual(Array.from(a.model.weights[0]));
      expect(Array.from(a.model.weights[0])).not.toEqual(Array.from(base.weights[0]));
    }
    // The recipe's defaults: every token weighs 1.
    const rounds: PostTrainingRoundMetrics[] = [];
    await runPostTraining(ptConfig({ clients: 'all' }), data, base, { onRound: (m) => rounds.push(m) }, { config: baseConfig });
    expect(rounds.map((m) => m.guardWeight)).toEqual([1, 1, 1]);
  });

  it('never reads the training labels (iid partition: shuffled labels give the same run)', async () => {
    const rng = new Rng(1);
    const scrambled: DatasetSplits = { ...data, train: { ...data.train, labels: Uint8Array.from(data.train.labels, () => rng.int(3)) } };
    const c = ptConfig({ clients: 'all' });
    const a = await runPostTraining(c, data, base, {}, { config: baseConfig });
    const b = await runPostTraining(c, scrambled, base, {}, { config: baseConfig });
    expect(Array.from(b.model.weights[0])).toEqual(Array.from(a.model.weights[0]));
    expect(b.finalAccuracy).toBe(a.finalAccuracy);
  });

  it('supermask (FRL): scores stay a permutation of the base scores; the run is deterministic', async () => {
    const frlBaseConfig = parseRunConfig(raw({ aggregator: { kind: 'frl-vote' }, training: { localEpochs: 1, batchSize: 8, lr: 0.4 } }));
    const frlBase = (await runFederation(frlBaseConfig, data)).model;
    const c = parseRunConfig(
      raw({
        aggregator: { kind: 'frl-vote' },
        federation: { clients: 12, clientsPerRound: 3, rounds: 2 },
        training: { localEpochs: 1, batchSize: 8, lr: 0.2 },
        postTraining: { from: 'memory', monitorSamples: 50 },
      }),
    );
    const a = await runPostTraining(c, data, frlBase, {}, { config: frlBaseConfig });
    const b = await runPostTraining(c, data, frlBase, {}, { config: frlBaseConfig });
    expect(a.model.kind).toBe('supermask');
    for (let l = 0; l < a.model.scores.length; l++) {
      expect(Array.from(a.model.scores[l]).sort()).toEqual(Array.from(frlBase.scores[l]).sort());
      expect(Array.from(b.model.scores[l])).toEqual(Array.from(a.model.scores[l]));
    }
    expect(a.model.scores.some((s, l) => s.some((v, i) => v !== frlBase.scores[l][i]))).toBe(true);
    expect(a.communication.codec).toBe('ranking-bitpacked');
  });
});

describe('labeledClients', () => {
  it('names exactly the clients the base run trained (poisoned data of any other client is never touched)', async () => {
    // 24 clients, one sample each would be too few: 10 samples each, iid.
    const data = makeSynthetic({ trainSize: 240, testSize: 60, height: 4, width: 4, channels: 1, numClasses: 3, seed: 5 });
    const c = parseRunConfig(raw({ seed: 8, federation: { clients: 24, clientsPerRound: 4, rounds: 3 } }));
    const seen = labeledClients(c);
    expect(seen.size).toBeGreaterThan(4);
    expect(seen.size).toBeLessThan(24);
    const parts = partitionDataset(data.train.labels, 3, 24, { kind: 'iid' }, new Rng(8).derive('partition'));
    const poison = (clients: (c: number) => boolean): DatasetSplits => {
      const images = Float32Array.from(data.train.images);
      const size = 16;
      for (let k = 0; k < 24; k++) if (clients(k)) for (const i of parts[k]) images.fill(NaN, i * size, (i + 1) * size);
      return { ...data, train: { ...data.train, images } };
    };
    const rejected = async (d: DatasetSplits): Promise<number> => {
      let n = 0;
      await runFederation(c, d, { onRound: (m) => (n += m.rejectedUpdates) });
      return n;
    };
    // NaN inputs give NaN deltas, which the server rejects: only trained clients can cause that.
    expect(await rejected(poison((k) => !seen.has(k)))).toBe(0);
    const one = [...seen][0];
    expect(await rejected(poison((k) => k === one))).toBeGreaterThan(0);
  });
});
