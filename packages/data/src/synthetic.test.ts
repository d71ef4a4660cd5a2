/** Tests for the synthetic dataset: shapes, determinism, balance, and that it is learnable. */
import { describe, expect, it } from 'vitest';
import { makeSynthetic } from './synthetic.js';
import { classCounts } from './dataset.js';
import { DataError } from './errors.js';
import type { Dataset } from './types.js';

/** Accuracy on `test` of the nearest class mean computed on `train`. */
function nearestCentroidAccuracy(train: Dataset, test: Dataset): number {
  const per = train.height * train.width * train.channels;
  const means = Array.from({ length: train.numClasses }, () => new Float64Array(per));
  const counts = classCounts(train.labels, train.numClasses);
  for (let i = 0; i < train.count; i++) {
    const m = means[train.labels[i]];
    for (let p = 0; p < per; p++) m[p] += train.images[i * per + p] / counts[train.labels[i]];
  }
  let right = 0;
  for (let i = 0; i < test.count; i++) {
    let best = -1;
    let bestD = Infinity;
    means.forEach((m, c) => {
      let d = 0;
      for (let p = 0; p < per; p++) d += (test.images[i * per + p] - m[p]) ** 2;
      if (d < bestD) {
        bestD = d;
        best = c;
      }
    });
    if (best === test.labels[i]) right++;
  }
  return right / test.count;
}

describe('synthetic dataset', () => {
  it('has the default shape and balanced classes', () => {
    const s = makeSynthetic();
    expect(s.train.count).toBe(2000);
    expect(s.test.count).toBe(500);
    expect([s.train.height, s.train.width, s.train.channels, s.train.numClasses]).toEqual([28, 28, 1, 10]);
    expect(s.train.images.length).toBe(2000 * 784);
    expect(classCounts(s.train.labels, 10)).toEqual(new Array(10).fill(200));
    expect(s.source).toMatch(/^synthetic\(seed=1/);
  });

  it('is deterministic per seed and differs across seeds', () => {
    const a = makeSynthetic({ seed: 7, trainSize: 100, testSize: 20 });
    const b = makeSynthetic({ seed: 7, trainSize: 100, testSize: 20 });
    const c = makeSynthetic({ seed: 8, trainSize: 100, testSize: 20 });
    expect(b.train.images).toEqual(a.train.images);
    expect(b.test.labels).toEqual(a.test.labels);
    expect(c.train.images).not.toEqual(a.train.images);
  });

  it('is learnable: nearest class mean is accurate, even with more noise', () => {
    const s = makeSynthetic({ trainSize: 500, testSize: 200 });
    expect(nearestCentroidAccuracy(s.train, s.test)).toBeGreaterThan(0.95);
    const noisy = makeSynthetic({ trainSize: 500, testSize: 200, noise: 4 });
    expect(nearestCentroidAccuracy(noisy.train, noisy.test)).toBeGreaterThan(0.8);
  });

  it('supports other shapes (e.g. 8x8x3, 4 classes)', () => {
    const s = makeSynthetic({ height: 8, width: 8, channels: 3, numClasses: 4, trainSize: 40, testSize: 8 });
    expect(s.train.images.length).toBe(40 * 8 * 8 * 3);
    expect(Math.max(...s.train.labels)).toBe(3);
  });

  it('rejects bad settings with a DataError naming the key', () => {
    expect(() => makeSynthetic({ trainSize: 0 })).toThrow(DataError);
    try {
      makeSynthetic({ numClasses: 1000 });
    } catch (e) {
      expect((e as DataError).field).toBe('data.synthetic.numClasses');
    }
    expect(() => makeSynthetic({ noise: -1 })).toThrow(/data.synthetic.noise/);
  });
});
