import { describe, expect, it } from 'vitest';
import {
  CODEC_IDS,
  CodecError,
  peekCodecId,
  RankingReference,
  rankingBitpackedCodec,
  rankingDeltaCodec,
  sameLayers,
  signs1BitCodec,
  weightsFloat32Codec,
  weightsFloat32DeflateCodec,
} from './index.js';

describe('codec registry and header', () => {
  it('gives every codec a distinct id and name, and peekCodecId reads it back', () => {
    const codecs = [rankingBitpackedCodec, rankingDeltaCodec, weightsFloat32Codec, weightsFloat32DeflateCodec, signs1BitCodec];
    expect(new Set(codecs.map((c) => c.id)).size).toBe(codecs.length);
    expect(new Set(codecs.map((c) => c.name)).size).toBe(codecs.length);
    expect(codecs.map((c) => c.id).sort()).toEqual(Object.values(CODEC_IDS).sort());
    expect(peekCodecId(weightsFloat32Codec.encode([Float32Array.of(1)]))).toBe(CODEC_IDS.weightsFloat32);
    expect(peekCodecId(signs1BitCodec.encode([]))).toBe(CODEC_IDS.signs1Bit);
  });

  it('CodecError carries a code, a reason and the codec name', () => {
    try {
      peekCodecId(Uint8Array.of(1, 2, 3));
      throw new Error('no error');
    } catch (e) {
      expect(e).toBeInstanceOf(CodecError);
      expect(e).toBeInstanceOf(Error);
      const err = e as CodecError;
      expect(err.code).toBe('truncated');
      expect(err.name).toBe('CodecError');
      expect(err.reason).toMatch(/shorter than a header/);
      expect(err.message).toBe(`payload: ${err.reason}`);
    }
  });

  it('rejects an invalid expectation as a caller error', () => {
    const bytes = weightsFloat32Codec.encode([Float32Array.of(1)]);
    expect(() => weightsFloat32Codec.decode(bytes, { layerSizes: [-1] })).toThrow(CodecError);
    expect(() => weightsFloat32Codec.decode(bytes, { layerSizes: [1.5] })).toThrow(CodecError);
  });
});

describe('shared memory', () => {
  it('encodes layers backed by a SharedArrayBuffer (as worker threads hand them over)', () => {
    const n = 1000;
    const ranking = new Uint32Array(new SharedArrayBuffer(4 * n));
    for (let i = 0; i < n; i++) ranking[i] = (i * 7) % n; // 7 is coprime to 1000: a permutation
    const sizes = { layerSizes: [n] };
    expect(sameLayers(rankingBitpackedCodec.decode(rankingBitpackedCodec.encode([ranking]), sizes), [ranking])).toBe(true);
    const ref = new RankingReference([ranking]);
    expect(sameLayers(rankingDeltaCodec.decode(rankingDeltaCodec.encode([ranking], ref), sizes, ref), [ranking])).toBe(true);
    const weights = new Float32Array(new SharedArrayBuffer(4 * n)).fill(-0.25);
    for (const codec of [weightsFloat32Codec, weightsFloat32DeflateCodec]) {
      expect(sameLayers(codec.decode(codec.encode([weights]), sizes), [weights])).toBe(true);
    }
    const signs = new Int8Array(new SharedArrayBuffer(n)).fill(-1);
    expect(sameLayers(signs1BitCodec.decode(signs1BitCodec.encode([signs]), sizes), [signs])).toBe(true);
  });
});
