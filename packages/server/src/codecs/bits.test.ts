import { describe, expect, it } from 'vitest';
import { Rng } from '@fedrank/random';
import { allocWords, bitWidth, bytesToWords, packBits, unpackBits, wordsToBytes } from './bits.js';

describe('bitWidth', () => {
  it('is ceil(log2 n), 0 for n <= 1', () => {
    expect([0, 1, 2, 3, 4, 5, 8, 9, 256, 257].map(bitWidth)).toEqual([0, 0, 1, 2, 2, 3, 3, 4, 8, 9]);
    expect([288, 18432, 1605632, 1280, 2359296].map(bitWidth)).toEqual([9, 15, 21, 11, 22]);
    expect(bitWidth(2 ** 31)).toBe(31);
    expect(bitWidth(2 ** 31 + 1)).toBe(32);
    expect(bitWidth(2 ** 32)).toBe(32);
  });
});

describe('packBits / unpackBits', () => {
  it('round-trips every width 0..32 at every start offset mod 32', () => {
    const rng = new Rng(1);
    for (let width = 0; width <= 32; width++) {
      for (let start = 0; start < 32; start++) {
        const n = 1 + rng.int(70);
        const values = new Uint32Array(n);
        for (let i = 0; i < n; i++) values[i] = width === 32 ? rng.nextUint32() : rng.nextUint32() % 2 ** width;
        // A prefix of `start` one-bits that packing must not disturb.
        const words = allocWords(start + n * width);
        const ones = new Uint32Array(start).fill(1);
        expect(packBits(ones, 1, words, 0)).toBe(start);
        expect(packBits(values, width, words, start)).toBe(start + n * width);
        const back = new Uint32Array(n);
        expect(unpackBits(words, start, width, back)).toBe(start + n * width);
        expect(back).toEqual(values);
        const prefix = new Uint32Array(start);
        unpackBits(words, 0, 1, prefix);
        expect(prefix).toEqual(ones);
      }
    }
  });

  it('long runs (the native path where built) give the bits of a plain bit-by-bit packer', () => {
    const rng = new Rng(3);
    for (const width of [1, 7, 13, 21, 31, 32]) {
      for (const start of [0, 5, 32, 37]) {
        const n = 5000 + rng.int(100);
        const values = new Uint32Array(n);
        for (let i = 0; i < n; i++) values[i] = width === 32 ? rng.nextUint32() : rng.nextUint32() % 2 ** width;
        const words = allocWords(start + n * width);
        expect(packBits(values, width, words, start)).toBe(start + n * width);
        const plain = allocWords(start + n * width);
        for (let i = 0; i < n; i++)
          for (let b = 0; b < width; b++) {
            const k = start + i * width + b;
            if ((values[i] >>> b) & 1) plain[k >>> 5] |= 1 << (k & 31);
          }
        expect(words).toEqual(plain);
        const back = new Uint32Array(n);
        expect(unpackBits(words, start, width, back)).toBe(start + n * width);
        expect(back).toEqual(values);
      }
    }
  });

  it('puts bits LSB-first in little-endian byte order', () => {
    const words = allocWords(3 * 5);
    packBits(Uint32Array.of(1, 2, 31), 5, words, 0);
    const bytes = new Uint8Array(2);
    wordsToBytes(words, 2, bytes, 0);
    // 1 = 00001, 2 = 00010, 31 = 11111 -> stream bits 10000 01000 11111 (bit 0 first)
    expect(bytes[0]).toBe(0b01000001);
    expect(bytes[1]).toBe(0b01111100);
    expect(bytesToWords(bytes, 0, 2)).toEqual(Uint32Array.of(0b0111110001000001, 0));
  });
});
