/**
 * Golden runs: a fixed set of small configs whose metrics.jsonl (every numeric field but wall
 * times) must stay bit-identical across refactors, on any machine (portable kernels, see below). The files beside this test were written by
 * `FEDRANK_UPDATE_GOLDEN=1 npx vitest run packages/cli/src/golden`; a deliberate behaviour change
 * regenerates them in a commit of its own that says why.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRunConfig } from '@fedrank/server';
import { executeRun } from '../run-experiment.js';

// The portable kernels only: oneDNN's convolutions round differently from tfjs's and may differ
// between CPUs, and golden numbers must not depend on the machine. (Worker threads inherit this.)
process.env.FEDRANK_NATIVE = '0';

const here = __dirname;
const update = process.env.FEDRANK_UPDATE_GOLDEN === '1';
const TIME_FIELDS = new Set(['seconds', 'trainSeconds', 'craftSeconds', 'evalSeconds']);

const synthetic = (extra: Record<string, unknown>) => ({
  seed: 5,
  backend: 'wasm',
  workers: 0,
  data: {
    dataset: 'synthetic',
    partition: { kind: 'iid' },
    synthetic: { trainSize: 480, testSize: 120, height: 6, width: 6, channels: 1, numClasses: 4 },
  },
  federation: { clients: 12, clientsPerRound: 8, rounds: 2, redrawMaliciousMajority: true },
  model: { arch: 'mlp', hidden: [16] },
  training: { localEpochs: 1, batchSize: 8 },
  ...extra,
});
const weights = (aggregator: Record<string, unknown>, attack: Record<string, unknown>) =>
  synthetic({ aggregator, attack: { fraction: 0.25, ...attack } });

/** name -> config. The weight rules each under the attack written against them. */
export const GOLDEN_CONFIGS: Record<string, Record<string, unknown>> = {
  'frl-synthetic': synthetic({}),
  'frl-synthetic-workers2': synthetic({ workers: 2, attack: { kind: 'rank-reversal', fraction: 0.25 } }),
  'frl-digits': {
    seed: 2,
    backend: 'wasm',
    workers: 0,
    data: { dataset: 'mnist-bundled', partition: { kind: 'dirichlet', alpha: 1.0 }, testSubset: 500 },
    federation: { clients: 40, clientsPerRound: 4, rounds: 2 },
    model: { arch: 'lenet' },
    training: { localEpochs: 1, batchSize: 16 },
  },
  'frl-vem': synthetic({ attack: { kind: 'vem', fraction: 0.25 } }),
  'frl-random-ranking': synthetic({ attack: { kind: 'random-ranking', fraction: 0.25 } }),
  'frl-label-flip': synthetic({ attack: { kind: 'label-flip', fraction: 0.25 } }),
  'frl-malformed': synthetic({ attack: { kind: 'malformed', fraction: 0.25 } }),
  'fedavg-scaling': weights({ kind: 'fedavg' }, { kind: 'scaling' }),
  'fedavg-malformed': weights({ kind: 'fedavg' }, { kind: 'malformed' }),
  'fedavg-workers2-gaussian': { ...weights({ kind: 'fedavg' }, { kind: 'gaussian' }), workers: 2 },
  'median-fang': weights({ kind: 'median' }, { kind: 'fang', variant: 'trimmed-mean' }),
  'trimmed-mean-agr': weights({ kind: 'trimmed-mean' }, { kind: 'agr-tailored', target: 'trimmed-mean' }),
  'krum-fang': weights({ kind: 'krum' }, { kind: 'fang', variant: 'krum' }),
  'multi-krum-agr': weights({ kind: 'multi-krum' }, { kind: 'agr-tailored', target: 'multi-krum', seesBenign: true }),
  'bulyan-lie': synthetic({
    federation: { clients: 16, clientsPerRound: 12, rounds: 2 },
    aggregator: { kind: 'bulyan' },
    attack: { kind: 'lie', fraction: 0.125 },
  }),
  'centered-clipping-ipm': synthetic({
    federation: { clients: 12, clientsPerRound: 8, rounds: 3 },
    aggregator: { kind: 'centered-clipping' },
    attack: { kind: 'ipm', fraction: 0.25 },
  }),
  'geometric-median-min-max': weights({ kind: 'geometric-median' }, { kind: 'min-max' }),
  'signsgd-mv-sign-flip': weights({ kind: 'signsgd-mv' }, { kind: 'sign-flip' }),
  'uniform-phantom-min-sum': weights({ kind: 'uniform-phantom', range: { lo: -1, hi: 1 } }, { kind: 'min-sum' }),
};

function numericFields(line: string): Record<string, unknown> {
  const m = JSON.parse(line) as Record<string, unknown>;
  return Object.fromEntries(Object.entries(m).filter(([k]) => !TIME_FIELDS.has(k)));
}

async function runToMetrics(name: string, raw: Record<string, unknown>, dir: string): Promise<string[]> {
  const out = join(dir, name);
  await executeRun(parseRunConfig({ name, ...raw }), { outDir: out });
  return readFileSync(join(out, 'metrics.jsonl'), 'utf8').trim().split('\n');
}

function check(name: string, lines: string[]): void {
  const file = join(here, `${name}.jsonl`);
  const got = lines.map((l) => numericFields(l));
  if (update || !existsSync(file)) {
    if (!update) throw new Error(`${file} missing: run with FEDRANK_UPDATE_GOLDEN=1`);
    writeFileSync(file, got.map((g) => JSON.stringify(g)).join('\n') + '\n');
    return;
  }
  const want = readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  expect(got).toEqual(want);
}

describe('golden runs (metrics bit-identical across refactors)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fedrank-golden-'));
  for (const [name, raw] of Object.entries(GOLDEN_CONFIGS)) {
    it(name, async () => check(name, await runToMetrics(name, raw, dir)), 300_000);
  }

  it('post-training from a tiny base', async () => {
    const baseRaw = {
      seed: 4,
      backend: 'wasm',
      workers: 0,
      data: {
        dataset: 'synthetic',
        partition: { kind: 'iid' },
        synthetic: { trainSize: 480, testSize: 120, height: 6, width: 6, channels: 1, numClasses: 4 },
      },
      federation: { clients: 12, clientsPerRound: 4, rounds: 2 },
      model: { arch: 'mlp', hidden: [16] },
      aggregator: { kind: 'fedavg' },
      training: { localEpochs: 1, batchSize: 8, lr: 0.05 },
    };
    const baseDir = join(dir, 'pt-base');
    await executeRun(parseRunConfig({ name: 'pt-base', ...baseRaw }), { outDir: baseDir });
    check('pt-base', readFileSync(join(baseDir, 'metrics.jsonl'), 'utf8').trim().split('\n'));
    const lines = await runToMetrics(
      'post-training',
      {
        ...baseRaw,
        training: { localEpochs: 1, batchSize: 8, lr: 0.005, lrDecay: 1, weightDecay: 0 },
        postTraining: { from: baseDir, groupSize: 4, clients: 'all' },
      },
      dir,
    );
    check('post-training', lines);

    // Stopped after its first round (as on SIGINT: a checkpoint is saved) and resumed: the same numbers.
    const ptRaw = {
      name: 'post-training',
      ...baseRaw,
      training: { localEpochs: 1, batchSize: 8, lr: 0.005, lrDecay: 1, weightDecay: 0 },
      postTraining: { from: baseDir, groupSize: 4, clients: 'all' },
    };
    const out = join(dir, 'post-training-resumed');
    let rounds = 0;
    const stopped = await executeRun(parseRunConfig({ ...ptRaw, federation: { ...baseRaw.federation } }), {
      outDir: out,
      shouldStop: () =>
        rounds++ >= 0 && existsSync(join(out, 'metrics.jsonl')) && readFileSync(join(out, 'metrics.jsonl'), 'utf8').length > 0,
    });
    expect(stopped.interrupted).toBe(true);
    const resumed = await executeRun(parseRunConfig(ptRaw), { outDir: out, resume: true });
    expect(resumed.resumedFromRound).toBe(stopped.completedRounds);
    check('post-training', readFileSync(join(out, 'metrics.jsonl'), 'utf8').trim().split('\n'));
  });
});
