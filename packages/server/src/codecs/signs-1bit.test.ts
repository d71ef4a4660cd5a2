import { describe, expect, it } from 'vitest';
import { Rng } from '@fedrank/random';
import { headerLength } from './codec.js';
import { sameLayers } from './compare.js';
import { CodecError } from './errors.js';
import { signs1BitCodec as codec } from './signs-1bit.js';

function randomSigns(n: number, rng: Rng): Int8Array {
  const s = new Int8Array(n);
  for (let i = 0; i < n; i++) s[i] = rng.float() < 0.5 ? -1 : 1;
  return s;
}

describe('signs-1bit', () => {
  it('round-trips +1/-1 vectors, across layers of any size (0, 1, 33, ...)', () => {
    const rng = new Rng(31);
    const layers = [0, 1, 2, 7, 8, 9, 31, 32, 33, 1000].map((n) => randomSigns(n, rng));
    const bytes = codec.encode(layers);
    const total = layers.reduce((s, l) => s + l.length, 0);
    expect(bytes.length).toBe(headerLength(layers.length) + Math.ceil(total / 8));
    expect(sameLayers(codec.decode(bytes, { layerSizes: layers.map((l) => l.length) }), layers)).toBe(true);
  });

  it('sends 0 as +1 and any other value as its sign', () => {
    const bytes = codec.encode([Int8Array.of(0, -5, 7, -128, 127, 0)]);
    expect([...codec.decode(bytes, { layerSizes: [6] })[0]]).toEqual([1, -1, 1, -1, 1, 1]);
    // bit k = 1 for negatives, LSB first: -5 at 1, -128 at 3 -> 0b1010
    expect(bytes[bytes.length - 1]).toBe(0b1010);
  });

  it('is 1 bit per parameter for LeNet (203,204 bytes + header)', () => {
    const rng = new Rng(32);
    const sizes = [288, 18432, 1605632, 1280];
    const layers = sizes.map((n) => randomSigns(n, rng));
    const bytes = codec.encode(layers);
    expect(bytes.length).toBe(24 + 203204);
    expect(sameLayers(codec.decode(bytes, { layerSizes: sizes }), layers)).toBe(true);
  });

  it('rejects non-zero padding and wrong lengths', () => {
    const bytes = codec.encode([Int8Array.of(1, -1, 1)]);
    const padded = bytes.slice();
    padded[padded.length - 1] |= 0x80;
    expect(() => codec.decode(padded, { layerSizes: [3] })).toThrow(CodecError);
    expect(() => codec.decode(bytes, { layerSizes: [9] })).toThrow(CodecError);
    expect(() => codec.decode(bytes.subarray(0, bytes.length - 1), { layerSizes: [3] })).toThrow(CodecError);
    expect(() => codec.encode([Float32Array.of(1) as unknown as Int8Array])).toThrow(CodecError);
  });
});
