import { describe, expect, it } from 'vitest';
import { klK3 } from './kl.js';
import { RewardsError } from './errors.js';

describe('klK3', () => {
  it('matches exp(ref - logp) - (ref - logp) - 1 on hand-computed inputs', () => {
    expect(klK3(-1, -2)).toBeCloseTo(0.36787944, 7); // d = -1: e^-1 + 1 - 1
    expect(klK3(-2, -1)).toBeCloseTo(0.71828183, 7); // d = 1: e - 2
    expect(klK3(-1.2, -1.0)).toBeCloseTo(0.02140276, 7); // d = 0.2
    expect(klK3(-0.5, -0.5)).toBe(0);
  });

  it('clamps at 10', () => {
    expect(klK3(-15, 0)).toBe(10); // e^15 - 16
    expect(klK3(0, -15)).toBe(10); // e^-15 + 14
    expect(klK3(-3, 0)).toBe(10); // e^3 - 4 = 16.09
    expect(klK3(-2, 0)).toBeCloseTo(Math.exp(2) - 3, 12); // 4.389, unclamped
  });

  it('stays finite for a zero-probability token', () => {
    expect(klK3(Number.NEGATIVE_INFINITY, -1)).toBe(10);
    expect(klK3(-1, Number.NEGATIVE_INFINITY)).toBe(10);
  });

  it('has an array form', () => {
    const k = klK3([-1, -2, -0.5], [-2, -1, -0.5]);
    expect(k[0]).toBeCloseTo(0.36787944, 7);
    expect(k[1]).toBeCloseTo(0.71828183, 7);
    expect(k[2]).toBe(0);
    expect(() => klK3([-1], [-1, -2])).toThrow(RewardsError);
  });
});
