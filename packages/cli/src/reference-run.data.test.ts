/**
 * The reference FRL setting on the real Fashion-MNIST (Debian's dataset-fashion-mnist):
 * LeNet, 1000 clients, 25 per round, Dirichlet(1.0), batch 8, 2 local epochs, lr 0.4.
 *
 * One seed is one draw: a supermask step flips the mask of every edge whose |score| crosses the
 * threshold, so float-rounding differences (one convolution library or another) change the mask
 * after the first step and the learning curves of two equally correct builds part within a round.
 * So the check is on three seeds: mean round-4 accuracy at least 0.69 and none below 0.62.
 * The accuracies behind these thresholds are in docs/NOTES.md.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildOnce, repo, runCli } from './testing/cli-process.js';

beforeAll(buildOnce, 300_000);

const SEEDS = [1, 2, 3];

async function roundFourAccuracy(seed: number): Promise<number> {
  const out = join(mkdtempSync(join(tmpdir(), 'fedrank-ref-')), 'run');
  const r = await runCli(
    ['run', join(repo, 'configs/frl-lenet-fashion-mnist.yaml'), '--set', 'federation.rounds=5', '--set', `seed=${seed}`, '--out', out],
    { timeoutMs: 1_500_000 },
  );
  expect(r.status, r.stderr).toBe(0);
  const rows = readFileSync(join(out, 'metrics.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { round: number; accuracy: number; seconds: number });
  process.stdout.write(
    `reference run, seed ${seed}: ${rows.map((m) => `round ${m.round} ${m.accuracy.toFixed(4)} (${m.seconds.toFixed(1)} s)`).join(', ')}\n`,
  );
  expect(rows.map((m) => m.round)).toEqual([0, 1, 2, 3, 4]);
  return rows[4].accuracy;
}

describe('reference FRL run on Fashion-MNIST', () => {
  it('reaches a mean test accuracy of at least 0.69 after round 4 over seeds 1-3, none below 0.62', async () => {
    const accuracies: number[] = [];
    for (const seed of SEEDS) accuracies.push(await roundFourAccuracy(seed));
    const mean = accuracies.reduce((a, b) => a + b, 0) / accuracies.length;
    process.stdout.write(`round-4 accuracy: ${accuracies.map((a) => a.toFixed(4)).join(', ')}; mean ${mean.toFixed(4)}\n`);
    expect(mean).toBeGreaterThanOrEqual(0.69);
    expect(Math.min(...accuracies)).toBeGreaterThanOrEqual(0.62);
  });
});
