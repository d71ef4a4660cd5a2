/**
 * End-to-end: the two-stage post-training experiment through the `fedrank` binary (built dist/).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { bin, buildOnce, repo, type CliResult } from './testing/cli-process.js';

beforeAll(buildOnce, 300_000);

const common = `
seed: 7
backend: wasm
workers: 0
data:
  dataset: synthetic
  synthetic: { trainSize: 600, testSize: 200, height: 8, width: 8, channels: 1, numClasses: 4 }
  partition: { kind: dirichlet, alpha: 1.0 }
model: { arch: mlp, hidden: [32] }
aggregator: { kind: fedavg }
`;
const baseYaml = `${common}
federation: { clients: 20, clientsPerRound: 4, rounds: 2 }
training: { localEpochs: 1, batchSize: 8, lr: 0.05 }
`;
const stage2 = (from: string): string => `${common}
federation: { clients: 20, clientsPerRound: 4, rounds: 3 }
training: { localEpochs: 1, batchSize: 8, lr: 0.005, weightDecay: 0 }
postTraining: { from: ${JSON.stringify(from)}, monitorSamples: 200 }
`;

/** The binary, run asynchronously in `cwd` (postTraining.from is relative to it). */
function runCli(args: readonly string[], cwd = repo): Promise<CliResult> {
  return new Promise((done) => {
    const child = spawn('node', [bin, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (status) => done({ status, stdout, stderr }));
  });
}

describe('fedrank run with postTraining', () => {
  it('chains a supervised base run and unsupervised post-training', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fedrank-pt-cli-'));
    writeFileSync(join(dir, 'base.yaml'), baseYaml);
    writeFileSync(join(dir, 'pt.yaml'), stage2('base-run'));
    const base = await runCli(['run', 'base.yaml', '--out', 'base-run'], dir);
    expect(base.stderr).not.toMatch(/internal error/);
    expect(base.status).toBe(0);
    // `from` is relative to the working directory.
    const pt = await runCli(['run', 'pt.yaml', '--out', 'pt-run'], dir);
    expect(pt.stderr).not.toMatch(/internal error/);
    expect(pt.status).toBe(0);
    expect(pt.stdout).toMatch(/^rounds +3\/3, done\n/);
    expect(pt.stdout).toMatch(/^base accuracy +\d\.\d{4} \(the model of .*base-run\)$/m);
    const out = join(dir, 'pt-run');
    for (const f of ['config.resolved.yaml', 'metrics.jsonl', 'summary.json', 'model/model.json', 'model/weights.bin'])
      expect(existsSync(join(out, f)), f).toBe(true);
    const lines = readFileSync(join(out, 'metrics.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l.round)).toEqual([0, 1, 2]);
    for (const l of lines) {
      for (const k of ['accuracy', 'loss', 'agreement', 'unanimous', 'entropy', 'classBalance', 'meanReward', 'klLoss', 'clipFraction'])
        expect(typeof l[k], k).toBe('number');
      expect((l.predictedClasses as number[]).length).toBe(4);
    }
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as {
      finalAccuracy: number;
      postTraining: Record<string, unknown>;
    };
    const baseSummary = JSON.parse(readFileSync(join(dir, 'base-run', 'summary.json'), 'utf8')) as { finalAccuracy: number };
    expect(summary.postTraining.baseAccuracy).toBe(baseSummary.finalAccuracy);
    expect(summary.postTraining.from).toBe(join(dir, 'base-run'));
    expect(summary.postTraining.eligibleClients as number).toBeGreaterThan(0);
    // The post-trained model is a run's model like any other.
    const ev = await runCli(['eval', out, '--json']);
    expect(ev.status).toBe(0);
    expect((JSON.parse(ev.stdout) as { accuracy: number }).accuracy).toBe(summary.finalAccuracy);
    // A second post-training run with the same seed gives the same numbers.
    const again = await runCli(['run', 'pt.yaml', '--out', 'pt-run-2'], dir);
    expect(again.status).toBe(0);
    const strip = (l: Record<string, unknown>) => ({ ...l, seconds: 0, trainSeconds: 0, evalSeconds: 0 });
    const lines2 = readFileSync(join(dir, 'pt-run-2', 'metrics.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines2.map(strip)).toEqual(lines.map(strip));
  });

  it('a missing base run is a one-line error naming postTraining.from, exit code 2, nothing written', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fedrank-pt-cli-'));
    writeFileSync(join(dir, 'pt.yaml'), stage2('runs/never-ran'));
    const r = await runCli(['run', 'pt.yaml', '--out', 'out'], dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('fedrank: postTraining.from: runs/never-ran: no such run directory\n');
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });
});
