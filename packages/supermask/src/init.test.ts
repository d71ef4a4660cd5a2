import { describe, expect, it } from 'vitest';
import { Rng } from '@fedrank/random';
import { buildArchitecture } from './architectures.js';
import { initSupermask } from './init.js';

describe('initSupermask', () => {
  const arch = buildArchitecture('lenet', { height: 28, width: 28, channels: 1, numClasses: 10 });

  it('uses signed Kaiming constants and Kaiming-uniform(a=sqrt 5) scores', () => {
    const { weights, scores } = initSupermask(arch, new Rng(1));
    arch.layers.forEach((layer, l) => {
      const c = Math.fround(Math.sqrt(2 / layer.fanIn));
      const bound = 1 / Math.sqrt(layer.fanIn);
      let pos = 0;
      let wrong = 0;
      for (const w of weights[l]) {
        if (Math.abs(w) !== c) wrong++;
        if (w > 0) pos++;
      }
      expect(wrong).toBe(0);
      expect(Math.abs(pos / layer.size - 0.5)).toBeLessThan(0.1);
      let maxAbs = 0;
      for (const s of scores[l]) maxAbs = Math.max(maxAbs, Math.abs(s));
      expect(maxAbs).toBeLessThanOrEqual(bound);
      expect(maxAbs).toBeGreaterThan(0.9 * bound);
    });
  });

  it('is reproducible per seed', () => {
    const a = initSupermask(arch, new Rng(4));
    const b = initSupermask(arch, new Rng(4));
    const c = initSupermask(arch, new Rng(5));
    expect(a.scores[3]).toEqual(b.scores[3]);
    expect(a.weights[0]).toEqual(b.weights[0]);
    expect(a.scores[3]).not.toEqual(c.scores[3]);
  });
});
