import { describe, expect, it } from 'vitest';
import { Rng } from '@fedrank/random';
import { CODEC_IDS, type Codec, headerLength } from './codec.js';
import { sameLayers } from './compare.js';
import { CodecError } from './errors.js';
import { weightsFloat32Codec } from './weights-float32.js';
import { shuffle4, unshuffle4, weightsFloat32DeflateCodec } from './weights-float32-deflate.js';

const LENET = [288, 18432, 1605632, 1280];

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

function gaussianLayers(sizes: readonly number[], rng: Rng, std = 0.05): Float32Array[] {
  return sizes.map((n) => {
    const a = new Float32Array(n);
    for (let i = 0; i < n; i++) a[i] = std * rng.normal();
    return a;
  });
}

/** Awkward but finite float32 values: signed zeros, subnormals, extremes. */
const SPECIAL = Float32Array.of(
  0,
  -0,
  1,
  -1,
  1.401298464324817e-45,
  -1.401298464324817e-45,
  1.1754943508222875e-38,
  3.4028234663852886e38,
  -3.4028234663852886e38,
  0.1,
);

const codecs: [string, Codec<Float32Array[]>][] = [
  ['weights-float32', weightsFloat32Codec],
  ['weights-float32-deflate', weightsFloat32DeflateCodec],
];

describe.each(codecs)('%s', (_name, codec) => {
  it('round-trips exactly (bit for bit: -0, subnormals, extremes) including layers of size 0 and 1', () => {
    const rng = new Rng(21);
    const layers = [SPECIAL, new Float32Array(0), Float32Array.of(-2.5), ...gaussianLayers([1000, 3], rng)];
    const bytes = codec.encode(layers);
    const back = codec.decode(bytes, { layerSizes: layers.map((l) => l.length) });
    expect(sameLayers(back, layers)).toBe(true);
    expect(Object.is(back[0][1], -0)).toBe(true);
    expect(codec.decode(codec.encode([]), { layerSizes: [] })).toEqual([]);
  });

  it('round-trips LeNet-sized weights and views into larger buffers', () => {
    const rng = new Rng(22);
    const layers = gaussianLayers(LENET, rng);
    expect(sameLayers(codec.decode(codec.encode(layers), { layerSizes: LENET }), layers)).toBe(true);
    const big = new Float32Array(1010);
    big.set(layers[0].subarray(0, 1000), 5);
    const view = [big.subarray(5, 1005)];
    expect(sameLayers(codec.decode(codec.encode(view), { layerSizes: [1000] }), view)).toBe(true);
  });

  it('refuses to encode NaN or infinities', () => {
    expectCodecError(() => codec.encode([Float32Array.of(1, NaN)]), 'invalid-input');
    expectCodecError(() => codec.encode([Float32Array.of(-Infinity)]), 'invalid-input');
    expectCodecError(() => codec.encode([Uint32Array.of(1) as unknown as Float32Array]), 'invalid-input');
  });

  it('checks the header and the body length', () => {
    const bytes = codec.encode([Float32Array.of(1, 2, 3)]);
    expectCodecError(() => codec.decode(bytes, { layerSizes: [4] }), 'layer-size');
    expectCodecError(() => codec.decode(bytes, { layerSizes: [3, 0] }), 'layer-count');
    expect(() => codec.decode(bytes.subarray(0, bytes.length - 1), { layerSizes: [3] })).toThrow(CodecError);
    expect(() => codec.decode(Uint8Array.of(...bytes, 0), { layerSizes: [3] })).toThrow(CodecError);
  });
});

describe('weights-float32', () => {
  it('is 4 bytes per parameter plus the header, little-endian', () => {
    const bytes = weightsFloat32Codec.encode([Float32Array.of(1, -2)]);
    expect(bytes.length).toBe(headerLength(1) + 8);
    expect([...bytes.subarray(0, 4)]).toEqual([0x46, 0x52, 1, CODEC_IDS.weightsFloat32]);
    expect([...bytes.subarray(12)]).toEqual([0, 0, 0x80, 0x3f, 0, 0, 0, 0xc0]);
    expect(weightsFloat32Codec.encode(LENET.map((n) => new Float32Array(n))).length).toBe(24 + 4 * 1625632);
  });

  it('rejects a decoded NaN or infinity', () => {
    const bytes = weightsFloat32Codec.encode([Float32Array.of(1, 2)]);
    bytes.set([0, 0, 0xc0, 0x7f], 16); // NaN
    expectCodecError(() => weightsFloat32Codec.decode(bytes, { layerSizes: [2] }), 'non-finite');
    bytes.set([0, 0, 0x80, 0x7f], 16); // +Infinity
    expectCodecError(() => weightsFloat32Codec.decode(bytes, { layerSizes: [2] }), 'non-finite');
  });
});

describe('weights-float32-deflate', () => {
  it('shuffle4 / unshuffle4 are inverse byte transpositions', () => {
    const data = Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8);
    expect([...shuffle4(data)]).toEqual([1, 5, 2, 6, 3, 7, 4, 8]);
    expect([...unshuffle4(shuffle4(data))]).toEqual([...data]);
  });

  it('compresses Gaussian weights to under 90% and masked signed constants to under 25%', () => {
    const rng = new Rng(23);
    const n = 100000;
    const [gauss] = gaussianLayers([n], rng);
    expect(weightsFloat32DeflateCodec.encode([gauss]).length).toBeLessThan(0.9 * 4 * n);
    // FRL's effective weights: 0 (masked) or +-sqrt(2 / fan_in), entropy 1.5 bits per value.
    const c = Math.sqrt(2) / Math.sqrt(576);
    const w = new Float32Array(n);
    for (let i = 0; i < n; i++) w[i] = rng.float() < 0.5 ? 0 : rng.float() < 0.5 ? -c : c;
    const bytes = weightsFloat32DeflateCodec.encode([w]);
    expect(bytes.length).toBeLessThan(0.25 * 4 * n);
    expect(sameLayers(weightsFloat32DeflateCodec.decode(bytes, { layerSizes: [n] }), [w])).toBe(true);
  });

  it('rejects a stream that inflates to the wrong length or is followed by junk', () => {
    const bytes = weightsFloat32DeflateCodec.encode([Float32Array.of(1, 2, 3)]);
    expectCodecError(() => weightsFloat32DeflateCodec.decode(bytes, { layerSizes: [2] }), 'layer-size');
    // Same header, claims 2 values: the stream inflates to 12 bytes, not 8.
    const short = bytes.slice();
    short[8] = 2;
    expectCodecError(() => weightsFloat32DeflateCodec.decode(short, { layerSizes: [2] }), 'corrupt-stream');
    expectCodecError(() => weightsFloat32DeflateCodec.decode(Uint8Array.of(...bytes, 0), { layerSizes: [3] }), 'trailing-bytes');
  });
});
