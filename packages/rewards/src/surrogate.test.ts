import { describe, expect, it } from 'vitest';
import { RewardsError } from './errors.js';
import { clippedSurrogate, DEFAULT_CLIP, importanceRatio } from './surrogate.js';

const clip = { low: 0.2, high: 0.3, dual: 3 };

describe('clippedSurrogate (low 0.2, high 0.3, dual 3)', () => {
  it('is r*A inside the clip range', () => {
    expect(clippedSurrogate(1.1, 0.5, clip)).toBeCloseTo(0.55, 12);
    expect(clippedSurrogate(0.9, -2, clip)).toBeCloseTo(-1.8, 12);
    expect(clippedSurrogate(1.2, 0, clip)).toBe(0);
  });

  it('clips a ratio above 1 + high for a positive advantage', () => {
    expect(clippedSurrogate(1.5, 2, clip)).toBeCloseTo(2.6, 12); // min(3, 1.3 * 2)
    expect(clippedSurrogate(5, 2, clip)).toBeCloseTo(2.6, 12);
  });

  it('does not clip a ratio below 1 - low for a positive advantage (pessimistic min)', () => {
    expect(clippedSurrogate(0.5, 2, clip)).toBeCloseTo(1.0, 12); // min(1, 0.8 * 2)
  });

  it('clips a ratio below 1 - low for a negative advantage', () => {
    expect(clippedSurrogate(0.5, -1, clip)).toBeCloseTo(-0.8, 12); // max(min(-0.5, -0.8), -3)
  });

  it('leaves a ratio above 1 + high for a negative advantage to the dual clip', () => {
    expect(clippedSurrogate(1.5, -1, clip)).toBeCloseTo(-1.5, 12); // min(-1.5, -1.3) = -1.5 > -3
    expect(clippedSurrogate(2.9, -1, clip)).toBeCloseTo(-2.9, 12);
  });

  it('bounds the objective below by dual * A when the dual clip is active', () => {
    expect(clippedSurrogate(5, -1, clip)).toBe(-3); // min(-5, -1.3) = -5 -> max(-5, -3)
    expect(clippedSurrogate(10, -0.5, clip)).toBeCloseTo(-1.5, 12);
    expect(clippedSurrogate(5, -1, { ...clip, dual: Number.POSITIVE_INFINITY })).toBe(-5);
  });

  it('uses the asymmetric defaults 0.2 / 0.3 / 3', () => {
    expect(DEFAULT_CLIP).toEqual({ low: 0.2, high: 0.3, dual: 3 });
    expect(clippedSurrogate(1.5, 1)).toBeCloseTo(1.3, 12);
    expect(clippedSurrogate(0.5, -1)).toBeCloseTo(-0.8, 12);
    expect(clippedSurrogate(4, -1)).toBe(-3);
    expect(clippedSurrogate(1.25, 1, { low: 0.2, high: 0.2 })).toBeCloseTo(1.2, 12);
  });

  it('has an array form with a scalar or per-element advantage', () => {
    const s = clippedSurrogate([1.1, 1.5, 0.5, 5], [0.5, 2, -1, -1], clip);
    [0.55, 2.6, -0.8, -3].forEach((v, i) => expect(s[i]).toBeCloseTo(v, 12));
    const t = clippedSurrogate([0.5, 1, 2], 1, clip);
    [0.5, 1, 1.3].forEach((v, i) => expect(t[i]).toBeCloseTo(v, 12));
  });

  it('rejects bad clip constants and shapes', () => {
    expect(() => clippedSurrogate(1, 1, { low: 1 })).toThrow(RewardsError);
    expect(() => clippedSurrogate(1, 1, { high: -0.1 })).toThrow(/high/);
    expect(() => clippedSurrogate(1, 1, { dual: 1 })).toThrow(/dual/);
    expect(() => clippedSurrogate([1, 2], [1], clip)).toThrow(RewardsError);
    try {
      clippedSurrogate(1, 1, { dual: 0.5 });
    } catch (e) {
      expect((e as RewardsError).exitCode).toBe(2);
      expect((e as RewardsError).field).toBe('dual');
    }
  });
});

describe('importanceRatio', () => {
  it('is exp(logp - old), clamped at +-20 in log space', () => {
    expect(importanceRatio(-1, -1.2)).toBeCloseTo(Math.exp(0.2), 12);
    expect(importanceRatio(0, -100)).toBeCloseTo(Math.exp(20), 0);
    expect(importanceRatio(-100, 0)).toBeCloseTo(Math.exp(-20), 20);
  });
});
