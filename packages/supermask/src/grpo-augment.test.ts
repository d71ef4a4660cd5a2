import { describe, expect, it } from 'vitest';
import { Rng } from '@fedrank/random';
import { augmentEnabled, augmentViews } from './grpo-augment.js';
import { argmaxCounts, classGuard, weightGroup } from './grpo-guard.js';

describe('augmentViews', () => {
  // One 3x3 image, values 1..9 (row-major); its smallest value (1) fills shifted-in pixels.
  const img = Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]);

  it('shifts each view by its own (dx, dy), filling with the image minimum', () => {
    const views = augmentViews(img, 1, 3, 3, 1, 4, { shift: 1, noise: 0 }, new Rng(7));
    const peek = new Rng(7);
    for (let g = 0; g < 4; g++) {
      const dx = peek.int(3) - 1;
      const dy = peek.int(3) - 1;
      const want: number[] = [];
      for (let y = 0; y < 3; y++)
        for (let x = 0; x < 3; x++) want.push(y - dy >= 0 && y - dy < 3 && x - dx >= 0 && x - dx < 3 ? img[(y - dy) * 3 + (x - dx)] : 1);
      expect(Array.from(views.subarray(g * 9, g * 9 + 9)), `view ${g}`).toEqual(want);
    }
  });

  it('a shift by (+1, 0) and by (0, -1), exactly', () => {
    // Find draws of a seed: this checks the geometry, whichever shifts the seed gives.
    const right = [1, 1, 2, 1, 4, 5, 1, 7, 8]; // dx = +1: column x takes column x - 1
    const up = [4, 5, 6, 7, 8, 9, 1, 1, 1]; // dy = -1: row y takes row y + 1
    for (let seed = 0; seed < 200; seed++) {
      const peek = new Rng(seed);
      const dx = peek.int(3) - 1;
      const dy = peek.int(3) - 1;
      const v = Array.from(augmentViews(img, 1, 3, 3, 1, 1, { shift: 1, noise: 0 }, new Rng(seed)));
      if (dx === 1 && dy === 0) expect(v).toEqual(right);
      if (dx === 0 && dy === -1) expect(v).toEqual(up);
      if (dx === 0 && dy === 0) expect(v).toEqual(Array.from(img));
    }
  });

  it('adds the noise draws in order; lays out views of image b at rows b * G ..', () => {
    const two = Float32Array.from([...img, ...img.map((v) => -v)]);
    const views = augmentViews(two, 2, 3, 3, 1, 2, { shift: 0, noise: 0.5 }, new Rng(3));
    const peek = new Rng(3);
    for (let r = 0; r < 4; r++) {
      const src = two.subarray(Math.floor(r / 2) * 9, Math.floor(r / 2) * 9 + 9);
      const want = Array.from(src, (v) => Math.fround(v + peek.normal(0, 0.5)));
      expect(Array.from(views.subarray(r * 9, r * 9 + 9))).toEqual(want);
    }
  });

  it('is off when absent or zero', () => {
    expect(augmentEnabled(undefined)).toBe(false);
    expect(augmentEnabled({ shift: 0, noise: 0 })).toBe(false);
    expect(augmentEnabled({ shift: 2, noise: 0 })).toBe(true);
    expect(augmentEnabled({ shift: 0, noise: 0.1 })).toBe(true);
  });
});

describe('class-balance guard and agreement threshold', () => {
  it('classGuard: up damps over-predicted classes, down damps under-predicted ones (+1 smoothing)', () => {
    const g = classGuard([10, 10, 10], [30, 0, 10], 1);
    expect(Array.from(g.up)).toEqual([11 / 31, 1, 1]);
    expect(Array.from(g.down)).toEqual([1, 1 / 11, 1]);
    const g2 = classGuard([10, 10, 10], [30, 0, 10], 2);
    expect(g2.up[0]).toBeCloseTo((11 / 31) ** 2, 15);
    expect(g2.down[1]).toBeCloseTo(1 / 121, 15);
  });

  it('argmaxCounts', () => {
    expect(Array.from(argmaxCounts([0, 1, 2, 5, 1, 0, 3, 3, 0, 0, 0, 9], 3))).toEqual([2, 0, 2]);
  });

  it('weightGroup: a 5-label group (majority 2 of 5), dropped below the threshold, damped by the guard above it', () => {
    const labels = [1, 0, 0, 1, 2];
    const adv = [1.0954, -0.7303, -0.7303, 1.0954, -0.7303];
    expect(weightGroup(labels, adv, 0.4, 0)).toEqual({ advantages: adv, weight: 5, tokens: 5 });
    expect(weightGroup(labels, adv, 0.4, 0.5)).toEqual({ advantages: [0, 0, 0, 0, 0], weight: 0, tokens: 5 });
    const guard = { up: [1, 0.5, 1], down: [0.25, 1, 0] };
    const w = weightGroup(labels, adv, 0.4, 0.4, guard);
    expect(w.advantages).toEqual([1.0954 * 0.5, -0.7303 * 0.25, -0.7303 * 0.25, 1.0954 * 0.5, 0]);
    expect(w.weight).toBe(0.5 + 0.25 + 0.25 + 0.5 + 0);
    expect(w.tokens).toBe(5);
    // A unanimous group has no tokens with a gradient.
    expect(weightGroup([2, 2], [0, 0], 1, 0, guard)).toEqual({ advantages: [0, 0], weight: 0, tokens: 0 });
  });
});
