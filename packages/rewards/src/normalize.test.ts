import { describe, expect, it } from 'vitest';
import { answersAgree, composeHooks, makeNormalizer, normalizeAnswer, unwrapMath } from './normalize.js';

describe('normalizeAnswer', () => {
  it('trims, collapses white space and folds case by default', () => {
    expect(normalizeAnswer('  New   York ')).toBe('new york');
    expect(normalizeAnswer('B')).toBe('b');
  });

  it('makes numerically equal answers equal', () => {
    expect(normalizeAnswer('0.50')).toBe('0.5');
    expect(normalizeAnswer('1/2')).toBe('0.5');
    expect(normalizeAnswer('$\\frac{1}{2}$')).toBe('0.5');
    expect(normalizeAnswer('\\( .5 \\)')).toBe('0.5');
    expect(normalizeAnswer(3)).toBe('3');
    expect(normalizeAnswer('3.0')).toBe('3');
  });

  it('extracts the boxed answer when asked, and a missing box is no answer', () => {
    const opts = { boxed: true } as const;
    expect(normalizeAnswer('Thus \\boxed{\\dfrac{1}{2}}.', opts)).toBe('0.5');
    expect(normalizeAnswer('Thus \\boxed{ Paris }', opts)).toBe('paris');
    expect(normalizeAnswer('I think it is 1/2', opts)).toBeNull();
    expect(normalizeAnswer('\\boxed{1} or \\boxed{2}', { boxed: 'first' })).toBe('1');
  });

  it('marks null, undefined, NaN and empty answers as missing', () => {
    expect(normalizeAnswer(null)).toBeNull();
    expect(normalizeAnswer(undefined)).toBeNull();
    expect(normalizeAnswer(Number.NaN)).toBeNull();
    expect(normalizeAnswer('   ')).toBeNull();
    expect(normalizeAnswer('\\boxed{}', { boxed: true })).toBeNull();
  });

  it('can switch every stage off', () => {
    const raw = { trim: false, unwrapMath: false, collapseWhitespace: false, caseFold: false, numeric: false };
    expect(normalizeAnswer(' A  1/2 ', raw)).toBe(' A  1/2 ');
    expect(normalizeAnswer('1/2', { numeric: false })).toBe('1/2');
    expect(normalizeAnswer('ABC', { caseFold: false })).toBe('ABC');
  });

  it('runs extra hooks last, and a hook can drop an answer', () => {
    const stripPeriod = (s: string): string => s.replace(/\.$/, '');
    const dropUnknown = (s: string): string | null => (s === 'unknown' ? null : s);
    const n = makeNormalizer({ hooks: [stripPeriod, dropUnknown] });
    expect(n('Paris.')).toBe('paris');
    expect(n('Unknown.')).toBeNull();
    expect(composeHooks(stripPeriod, dropUnknown, (s) => `<${s}>`)('x.')).toBe('<x>');
    expect(composeHooks(dropUnknown, (s) => `<${s}>`)('unknown')).toBeNull();
  });

  it('unwraps one math delimiter pair', () => {
    expect(unwrapMath('$$x$$')).toBe('x');
    expect(unwrapMath('\\[ y \\]')).toBe('y');
    expect(unwrapMath('$a$ and $b$')).toBe('$a$ and $b$');
    expect(unwrapMath('plain')).toBe('plain');
  });

  it('answersAgree compares keys; two missing answers do not agree', () => {
    expect(answersAgree('1/2', '0.5')).toBe(true);
    expect(answersAgree('Paris', ' paris')).toBe(true);
    expect(answersAgree('a', 'b')).toBe(false);
    expect(answersAgree(null, null)).toBe(false);
  });
});
