import { describe, expect, it } from 'vitest';
import { CODEC_IDS, CodecError, peekCodecId, rankingBitpackedCodec, rankingDeltaCodec, signs1BitCodec, weightsFloat32Codec, weightsFloat32DeflateCodec } from './index.js';

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
