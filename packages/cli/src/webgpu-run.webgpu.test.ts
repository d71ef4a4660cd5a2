/**
 * A small FRL run (synthetic data, mlp, 2 rounds, in-process clients) on WebGPU gives the wasm
 * run's accuracy, and its summary names the adapter; asking for webgpu where there is no adapter
 * is exit 2 with one line naming the Vulkan driver. Webgpu test project (`npm run test:webgpu`,
 * on SwiftShader); fails when no adapter is found.
 *
 * Tolerance: per evaluated round, accuracy within one test sample (1/120) and mean test loss
 * within 1e-4 relative (observed on SwiftShader: the same accuracy, loss within 2e-7). The two
 * runs share the seed, so clients, batches and masks match until float rounding flips a mask
 * edge at the keep threshold.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseRunConfig } from '@fedrank/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { executeRun } from './run-experiment.js';
import { bin, buildOnce, repo } from './testing/cli-process.js';

const TEST_SIZE = 120;
const config = (backend: string) => ({
  name: `webgpu-vs-wasm-${backend}`,
  seed: 5,
  backend,
  workers: 0,
  data: {
    dataset: 'synthetic',
    partition: { kind: 'iid' },
    synthetic: { trainSize: 240, testSize: TEST_SIZE, height: 6, width: 6, channels: 1, numClasses: 4 },
  },
  federation: { clients: 12, clientsPerRound: 4, rounds: 2 },
  model: { arch: 'mlp', hidden: [16] },
  training: { localEpochs: 1, batchSize: 8 },
});

interface RoundMetrics {
  round: number;
  accuracy: number;
  loss: number;
}

async function run(backend: string, dir: string): Promise<{ metrics: RoundMetrics[]; summary: Record<string, unknown> }> {
  const outDir = join(dir, backend);
  await executeRun(parseRunConfig(config(backend)), { outDir });
  const metrics = readFileSync(join(outDir, 'metrics.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as RoundMetrics);
  return { metrics, summary: JSON.parse(readFileSync(join(outDir, 'summary.json'), 'utf8')) as Record<string, unknown> };
}

describe('FRL on webgpu', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fedrank-webgpu-'));

  it('matches the wasm run and names the adapter in its summary', async () => {
    const wasm = await run('wasm', dir);
    const gpu = await run('webgpu', dir);
    expect(gpu.summary.backend).toBe('webgpu');
    expect(gpu.summary.backendDetails).toMatch(/^WebGPU via Dawn, (GPU|software adapter): .+ \(vendor .+, architecture .+\)$/);
    expect(gpu.metrics.map((m) => m.round)).toEqual([0, 1]);
    expect(gpu.metrics.map((m) => m.round)).toEqual(wasm.metrics.map((m) => m.round));
    gpu.metrics.forEach((m, i) => {
      expect(Math.abs(m.accuracy - wasm.metrics[i].accuracy)).toBeLessThanOrEqual(1 / TEST_SIZE + 1e-12);
      expect(Math.abs(m.loss - wasm.metrics[i].loss) / wasm.metrics[i].loss).toBeLessThan(1e-4);
    });
    // Training did something: the final accuracy is above chance (4 classes).
    expect(gpu.metrics[1].accuracy).toBeGreaterThan(0.4);
  });
});

describe('webgpu without an adapter', () => {
  beforeAll(buildOnce, 300_000);

  it('exits 2 with one line saying to install a Vulkan driver', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fedrank-webgpu-none-'));
    const file = join(dir, 'run.json');
    writeFileSync(file, JSON.stringify(config('webgpu')));
    // No Vulkan driver: the loader finds no ICD (Dawn and the loader print their own warnings first).
    const env = { ...process.env, VK_ICD_FILENAMES: join(dir, 'no-such-icd.json') };
    const result = await new Promise<{ status: number | null; stderr: string }>((done) => {
      const child = spawn('node', [bin, 'run', file, '--out', join(dir, 'out')], { cwd: repo, env, stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('close', (status) => done({ status, stderr }));
    });
    expect(result.status).toBe(2);
    const ours = result.stderr.split('\n').filter((l) => l.startsWith('fedrank:'));
    expect(ours).toHaveLength(1);
    expect(ours[0]).toMatch(
      /^fedrank: backend 'webgpu' is unavailable \((no WebGPU adapter found|no Vulkan loader .*)\); install a Vulkan driver/,
    );
  });
});
