import { describe, expect, it } from 'vitest';
import { Rng } from '@fedrank/random';
import { CODEC_IDS, headerLength } from './codec.js';
import { sameLayers } from './compare.js';
import { CodecError } from './errors.js';
import { bitpackedPayloadBytes, rankingBitpackedCodec as codec } from './ranking-bitpacked.js';

const LENET = [288, 18432, 1605632, 1280];
const CONV8_LARGEST = 2359296;

function identity(n: number): Uint32Array {
  const p = new Uint32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  return p;
}

function reversed(n: number): Uint32Array {
  const p = new Uint32Array(n);
  for (let i = 0; i < n; i++) p[i] = n - 1 - i;
  return p;
}

function roundTrip(layers: Uint32Array[]): Uint32Array[] {
  const bytes = codec.encode(layers);
  expect(bytes.length).toBe(bitpackedPayloadBytes(layers.map((l) => l.length)));
  return codec.decode(bytes, { layerSizes: layers.map((l) => l.length) });
}

function expectCodecError(f: () => unknown, code: string): void {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(CodecError);
    expect((e as CodecError).code).toBe(code);
    return;
  }
  throw new Error(`expected CodecError ${code}`);
}

describe('ranking-bitpacked', () => {
  it('round-trips random, identity and reversed permutations of many sizes', () => {
    const rng = new Rng(3);
    for (const n of [0, 1, 2, 3, 4, 5, 7, 8, 9, 31, 32, 33, 255, 256, 257, 1000, 65536, 65537]) {
      for (const p of [rng.permutation(n), identity(n), reversed(n)]) {
        expect(sameLayers(roundTrip([p]), [p])).toBe(true);
      }
    }
  });

  it('round-trips several layers packed back to back, including layers of size 0, 1 and 2', () => {
    const rng = new Rng(4);
    const layers = [5, 1, 2, 0, 300, 1, 7, 2].map((n) => rng.permutation(n));
    expect(sameLayers(roundTrip(layers), layers)).toBe(true);
    expect(roundTrip([Uint32Array.of(0)])).toEqual([Uint32Array.of(0)]);
    expect(roundTrip([Uint32Array.of(1, 0)])).toEqual([Uint32Array.of(1, 0)]);
    expect(roundTrip([])).toEqual([]);
  });

  it('a single layer of size 1 needs no body bytes; size 2 needs 1 bit', () => {
    expect(codec.encode([Uint32Array.of(0)]).length).toBe(headerLength(1));
    expect(codec.encode([Uint32Array.of(1, 0)]).length).toBe(headerLength(1) + 1);
  });

  it('round-trips LeNet-sized rankings; the payload is within 1% of 21 bits per edge', () => {
    const rng = new Rng(5);
    const layers = LENET.map((n) => rng.permutation(n));
    const bytes = codec.encode(layers);
    const edges = 1625632;
    // 288*9 + 18432*15 + 1605632*21 + 1280*11 = 34,011,424 bits = 4,251,428 bytes, plus a 24-byte header.
    expect(bytes.length).toBe(24 + 4251428);
    const target = (21 * edges) / 8;
    expect(Math.abs(bytes.length - target) / target).toBeLessThan(0.01);
    expect(sameLayers(codec.decode(bytes, { layerSizes: LENET }), layers)).toBe(true);
  });

  it("round-trips Conv8's largest layer (2,359,296 edges, 22 bits each): random, identity, reversed", () => {
    const rng = new Rng(6);
    for (const p of [rng.permutation(CONV8_LARGEST), identity(CONV8_LARGEST), reversed(CONV8_LARGEST)]) {
      const bytes = codec.encode([p]);
      expect(bytes.length).toBe(headerLength(1) + (CONV8_LARGEST * 22) / 8);
      const back = codec.decode(bytes, { layerSizes: [CONV8_LARGEST] });
      expect(sameLayers(back, [p])).toBe(true);
    }
  });

  it('writes the documented header and little-endian bit order', () => {
    const bytes = codec.encode([Uint32Array.of(2, 0, 1)]);
    // "FR", version 1, codec id, 1 layer, size 3; ids 2, 0, 1 at 2 bits each, first id in the
    // lowest bits: 0b00_01_00_10
    expect([...bytes]).toEqual([0x46, 0x52, 1, CODEC_IDS.rankingBitpacked, 1, 0, 0, 0, 3, 0, 0, 0, 0b00_01_00_10]);
  });

  it('rejects out-of-range ids, duplicates, non-zero padding and wrong lengths', () => {
    const sizes = { layerSizes: [3] };
    const good = codec.encode([Uint32Array.of(2, 0, 1)]);
    const outOfRange = good.slice();
    outOfRange[12] = 0b00_11_00_10; // ids 2, 0, 3 in a layer of 3
    expectCodecError(() => codec.decode(outOfRange, sizes), 'out-of-range');
    const duplicate = good.slice();
    duplicate[12] = 0b00_10_10_10; // ids 2, 2, 2
    expectCodecError(() => codec.decode(duplicate, sizes), 'not-a-permutation');
    const padding = good.slice();
    padding[12] |= 0b0100_0000;
    expectCodecError(() => codec.decode(padding, sizes), 'out-of-range');
    expectCodecError(() => codec.decode(good.subarray(0, 12), sizes), 'truncated');
    expectCodecError(() => codec.decode(Uint8Array.of(...good, 0), sizes), 'trailing-bytes');
  });

  it('checks the header against the expected layer sizes', () => {
    const good = codec.encode([Uint32Array.of(2, 0, 1)]);
    expectCodecError(() => codec.decode(good, { layerSizes: [4] }), 'layer-size');
    expectCodecError(() => codec.decode(good, { layerSizes: [3, 1] }), 'layer-count');
    const magic = good.slice();
    magic[0] = 0;
    expectCodecError(() => codec.decode(magic, { layerSizes: [3] }), 'bad-magic');
    const version = good.slice();
    version[2] = 2;
    expectCodecError(() => codec.decode(version, { layerSizes: [3] }), 'bad-version');
    const id = good.slice();
    id[3] = CODEC_IDS.weightsFloat32;
    expectCodecError(() => codec.decode(id, { layerSizes: [3] }), 'wrong-codec');
    expectCodecError(() => codec.decode(new Uint8Array(0), { layerSizes: [3] }), 'truncated');
    // A huge layer count is rejected before anything is allocated.
    const count = good.slice();
    count[7] = 0xff;
    expectCodecError(() => codec.decode(count, { layerSizes: [3] }), 'layer-count');
  });

  it('decodes from an unaligned view into a larger buffer', () => {
    const rng = new Rng(7);
    const layers = [rng.permutation(1000), rng.permutation(33)];
    const bytes = codec.encode(layers);
    const big = new Uint8Array(bytes.length + 3);
    big.set(bytes, 1);
    expect(sameLayers(codec.decode(big.subarray(1, 1 + bytes.length), { layerSizes: [1000, 33] }), layers)).toBe(true);
  });

  it('refuses to encode a non-permutation', () => {
    expectCodecError(() => codec.encode([Uint32Array.of(0, 0)]), 'invalid-input');
    expectCodecError(() => codec.encode([Uint32Array.of(0, 2)]), 'invalid-input');
    expectCodecError(() => codec.encode([Float32Array.of(0, 1) as unknown as Uint32Array]), 'invalid-input');
  });
});
