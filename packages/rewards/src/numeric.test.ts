import { describe, expect, it } from 'vitest';
import { canonicalNumber, canonicalizeNumeric, numericallyEqual, parseNumber } from './numeric.js';

describe('parseNumber', () => {
  it('reads decimals, fractions and LaTeX fractions', () => {
    expect(parseNumber('0.5')).toBe(0.5);
    expect(parseNumber('.5')).toBe(0.5);
    expect(parseNumber('+.5')).toBe(0.5);
    expect(parseNumber('-0.25')).toBe(-0.25);
    expect(parseNumber('5e-1')).toBe(0.5);
    expect(parseNumber('1/2')).toBe(0.5);
    expect(parseNumber(' 3 / 4 ')).toBe(0.75);
    expect(parseNumber('-1/4')).toBe(-0.25);
    expect(parseNumber('\\frac{1}{2}')).toBe(0.5);
    expect(parseNumber('\\dfrac{3}{4}')).toBe(0.75);
    expect(parseNumber('\\tfrac12')).toBe(0.5);
    expect(parseNumber('-\\frac{3}{4}')).toBe(-0.75);
    expect(parseNumber('\\frac{-3}{4}')).toBe(-0.75);
    expect(parseNumber('1,000')).toBe(1000);
    expect(parseNumber('12,345.5')).toBe(12345.5);
    expect(parseNumber('42')).toBe(42);
  });

  it('rejects non-numbers', () => {
    expect(parseNumber('abc')).toBeNull();
    expect(parseNumber('1,2')).toBeNull();
    expect(parseNumber('1/0')).toBeNull();
    expect(parseNumber('')).toBeNull();
    expect(parseNumber('x/2')).toBeNull();
    expect(parseNumber('.')).toBeNull();
  });
});

describe('numeric equivalence', () => {
  it('treats 0.5, 1/2, .5 and \\frac{1}{2} as the same answer', () => {
    for (const s of ['1/2', '.5', '\\frac{1}{2}', '0.50', '5e-1', '2/4']) {
      expect(numericallyEqual('0.5', s)).toBe(true);
      expect(canonicalizeNumeric(s)).toBe('0.5');
    }
    expect(numericallyEqual('0.5', '0.6')).toBe(false);
    expect(numericallyEqual('0.5', 'half')).toBe(false);
  });

  it('rounds to 12 significant digits and drops negative zero', () => {
    expect(canonicalNumber(1 / 3)).toBe('0.333333333333');
    expect(numericallyEqual('1/3', '0.333333333333')).toBe(true);
    expect(numericallyEqual('1/3', '0.3333')).toBe(false);
    expect(canonicalNumber(-0)).toBe('0');
    expect(canonicalizeNumeric('-0.0')).toBe('0');
    expect(canonicalNumber(0.1 + 0.2)).toBe('0.3');
  });

  it('leaves non-numeric text unchanged', () => {
    expect(canonicalizeNumeric('paris')).toBe('paris');
  });
});
