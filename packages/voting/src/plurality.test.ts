import { describe, expect, it } from 'vitest';
import { plurality } from './plurality.js';

describe('plurality', () => {
  it('picks the most common item', () => {
    const r = plurality(['b', 'a', 'a', 'b', 'c', 'a']);
    expect(r.winner).toBe('a');
    expect(r.count).toBe(3);
    expect([...r.counts]).toEqual([
      ['b', 2],
      ['a', 3],
      ['c', 1],
    ]);
  });

  it('breaks ties in favour of the answer seen first', () => {
    expect(plurality(['b', 'a', 'a', 'b', 'c']).winner).toBe('b');
    expect(plurality(['a', 'b', 'b', 'a', 'c']).winner).toBe('a');
    expect(plurality(['x', 'y', 'z']).winner).toBe('x');
  });

  it('compares by key and returns the first item of the winning key', () => {
    const items = [{ v: ' A' }, { v: 'b' }, { v: 'a ' }, { v: 'B' }, { v: 'a' }];
    const r = plurality(items, { key: (t) => t.v.trim().toLowerCase() });
    expect(r.winner).toBe(items[0]);
    expect(r.count).toBe(3);
    expect(r.counts.get('b')).toBe(2);
  });

  it('skips excluded items', () => {
    const r = plurality<string | null>([null, null, null, 'a', 'b', 'b'], { include: (t) => t !== null });
    expect(r.winner).toBe('b');
    expect(r.count).toBe(2);
    expect(r.counts.has('null')).toBe(false);
  });

  it('lets an un-excluded null win', () => {
    const r = plurality<string | null>([null, 'a', null]);
    expect(r.winner).toBeNull();
    expect(r.count).toBe(2);
  });

  it('returns no winner for an empty vote', () => {
    const r = plurality<number>([]);
    expect(r.winner).toBeUndefined();
    expect(r.count).toBe(0);
    expect(r.counts.size).toBe(0);
    expect(plurality([1, 2], { include: () => false }).winner).toBeUndefined();
  });

  it('works on numbers', () => {
    expect(plurality([3, 1, 3, 1, 2, 1]).winner).toBe(1);
  });
});
