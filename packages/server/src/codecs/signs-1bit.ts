/**
 * Sign vectors at 1 bit per parameter (codec id 5, "signs-1bit"), for SignSGD.
 *
 * Value: one Int8Array per layer; only the sign of each entry is sent. Rule for zero: 0 is sent
 * as +1 (the bit is the sign bit of the value, set only for negatives), so decoding yields +1
 * or -1 everywhere and round-trips exactly every vector of +1/-1.
 * Body: one bit stream over all parameters, layers concatenated with no padding between them,
 * bit k = 1 if parameter k is negative; stream bit k = bit (k mod 8) of body byte floor(k / 8);
 * zero-padded to a whole byte: exactly ceil(sum_l n_l / 8) bytes. Non-zero padding is rejected.
 */
import { isLayerList } from './layer-list.js';
import { checkBodyLength, CODEC_IDS, type Codec, type DecodeExpectation, headerLength, readHeader, writeHeader } from './codec.js';
import { allocWords, bytesToWords, wordsToBytes } from './bits.js';
import type { CodecDescriptor } from './descriptor.js';
import { CodecError } from './errors.js';
import { totalSize } from './float32-layers.js';

const NAME = 'signs-1bit';

function packSigns(layer: Int8Array, words: Uint32Array, bitPos: number): number {
  const n = layer.length;
  let wi = Math.floor(bitPos / 32);
  let fill = bitPos % 32;
  let acc = fill === 0 ? 0 : words[wi];
  for (let i = 0; i < n; i++) {
    // layer[i] >>> 31 is 1 exactly for negatives.
    acc |= (layer[i] >>> 31) << fill;
    if (++fill === 32) {
      words[wi++] = acc;
      acc = 0;
      fill = 0;
    }
  }
  if (fill > 0) words[wi] = acc;
  return bitPos + n;
}

function unpackSigns(words: Uint32Array, bitPos: number, out: Int8Array): number {
  const n = out.length;
  let wi = Math.floor(bitPos / 32);
  let sh = bitPos % 32;
  let cur = words[wi] >>> sh;
  for (let i = 0; i < n; i++) {
    // bit 0 -> +1, bit 1 -> -1
    out[i] = 1 - 2 * (cur & 1);
    cur >>>= 1;
    if (++sh === 32) {
      cur = words[++wi];
      sh = 0;
    }
  }
  return bitPos + n;
}

export const signs1BitCodec: Codec<Int8Array[]> = {
  name: NAME,
  id: CODEC_IDS.signs1Bit,

  encode(layers: readonly Int8Array[]): Uint8Array {
    if (!isLayerList(layers)) throw new CodecError('invalid-input', 'expected an array of layers', NAME);
    layers.forEach((layer, l) => {
      if (!(layer instanceof Int8Array)) throw new CodecError('invalid-input', `layer ${l}: expected an Int8Array`, NAME);
    });
    const sizes = layers.map((layer) => layer.length);
    const bits = totalSize(sizes);
    const bodyBytes = Math.ceil(bits / 8);
    const out = new Uint8Array(headerLength(sizes.length) + bodyBytes);
    const offset = writeHeader(out, CODEC_IDS.signs1Bit, sizes);
    const words = allocWords(bits);
    let pos = 0;
    for (const layer of layers) pos = packSigns(layer, words, pos);
    wordsToBytes(words, bodyBytes, out, offset);
    return out;
  },

  decode(bytes: Uint8Array, expected: DecodeExpectation): Int8Array[] {
    const offset = readHeader(signs1BitCodec, bytes, expected);
    const sizes = expected.layerSizes;
    const bits = totalSize(sizes);
    const bodyBytes = Math.ceil(bits / 8);
    checkBodyLength(NAME, bytes, offset, bodyBytes);
    const words = bytesToWords(bytes, offset, bodyBytes);
    if (bits % 32 !== 0 && words[Math.floor(bits / 32)] >>> (bits % 32) !== 0) {
      throw new CodecError('out-of-range', 'non-zero padding bits after the last sign', NAME);
    }
    const layers: Int8Array[] = [];
    let pos = 0;
    for (const n of sizes) {
      const layer = new Int8Array(n);
      pos = unpackSigns(words, pos, layer);
      layers.push(layer);
    }
    return layers;
  },
};

export const signs1BitDescriptor = {
  name: NAME,
  carries: 'signs',
  create: () => signs1BitCodec,
} as const satisfies CodecDescriptor;
