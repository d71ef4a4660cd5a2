import { describe, expect, it } from 'vitest';
import { extractAllBoxed, extractBoxed } from './boxed.js';

describe('extractBoxed', () => {
  it('keeps nested braces', () => {
    expect(extractBoxed('so the answer is \\boxed{\\frac{1}{2}}.')).toBe('\\frac{1}{2}');
    expect(extractBoxed('\\boxed{\\{a, \\{b\\}\\}}')).toBe('\\{a, \\{b\\}\\}');
    expect(extractBoxed('\\boxed{x^{2^{3}} + {y}}')).toBe('x^{2^{3}} + {y}');
  });

  it('takes the last box by default, the first on request', () => {
    const t = 'first \\boxed{3}, then corrected: \\boxed{4}';
    expect(extractBoxed(t)).toBe('4');
    expect(extractBoxed(t, 'last')).toBe('4');
    expect(extractBoxed(t, 'first')).toBe('3');
    expect(extractAllBoxed(t)).toEqual(['3', '4']);
  });

  it('accepts \\fbox and a space before the brace', () => {
    expect(extractBoxed('\\fbox{7}')).toBe('7');
    expect(extractBoxed('\\boxed {B}')).toBe('B');
  });

  it('returns null without a (balanced) box', () => {
    expect(extractBoxed('no box here')).toBeNull();
    expect(extractBoxed('\\boxed{abc')).toBeNull();
    expect(extractBoxed('\\boxed x')).toBeNull();
    expect(extractBoxed('\\boxed{a}{b}')).toBe('a');
    expect(extractBoxed('\\boxed{}')).toBe('');
  });
});
