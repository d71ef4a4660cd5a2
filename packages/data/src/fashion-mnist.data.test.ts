/**
 * Fashion-MNIST on the real files (Debian's dataset-fashion-mnist in /usr/share/datasets/fashion-mnist).
 * Runs in the `data` vitest project only: npx vitest run --project data packages/data
 */
import { describe, expect, it } from 'vitest';
import { loadDataset } from './load.js';
import { classCounts } from './dataset.js';
import { partitionDataset, partitionStats } from './partition/index.js';
import { Rng } from '@fedrank/random';

describe('fashion-mnist (real files)', () => {
  it('loads 60000 train / 10000 test, 10 balanced classes, auto-detecting the Debian directory', async () => {
    const t0 = performance.now();
    const s = await loadDataset({ dataset: 'fashion-mnist' });
    const ms = performance.now() - t0;
    console.log(`fashion-mnist load from ${s.source}: ${ms.toFixed(0)} ms`);
    expect(s.source).toBe('/usr/share/datasets/fashion-mnist');
    expect(s.train.count).toBe(60_000);
    expect(s.test.count).toBe(10_000);
    for (const ds of [s.train, s.test]) {
      expect([ds.height, ds.width, ds.channels, ds.numClasses]).toEqual([28, 28, 1, 10]);
      expect(ds.images.length).toBe(ds.count * 784);
    }
    expect(classCounts(s.train.labels, 10)).toEqual(new Array(10).fill(6000));
    expect(classCounts(s.test.labels, 10)).toEqual(new Array(10).fill(1000));

    let sum = 0;
    for (const v of s.train.images) sum += v;
    const mean = sum / s.train.images.length;
    console.log(`fashion-mnist normalized train pixel mean (MNIST constants): ${mean.toFixed(4)}`);
    // Fashion-MNIST's raw mean is ~0.286, so with MNIST's constants the normalized mean is ~0.50.
    expect(mean).toBeGreaterThan(0.4);
    expect(mean).toBeLessThan(0.6);

    const parts = partitionDataset(s.train.labels, 10, 1000, { kind: 'dirichlet', alpha: 1 }, new Rng(1));
    const st = partitionStats(parts, s.train.labels, 10);
    console.log(`fashion-mnist dirichlet(1.0) over 1000 clients: ${JSON.stringify(st)}`);
    expect(st.median).toBeGreaterThanOrEqual(50);
    expect(st.median).toBeLessThanOrEqual(66);
  });
});
