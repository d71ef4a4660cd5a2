/**
 * Rankings as bit-packed permutations (codec id 1, "ranking-bitpacked").
 *
 * Value: one Uint32Array per layer, a permutation of 0..n_l-1 (edge ids by ascending score).
 * Body: one bit stream, layer after layer with no padding between layers: every edge id of layer
 * l in ranking order, w_l = ceil(log2 n_l) bits each (0 bits if n_l <= 1), least significant bit
 * first, stream bit k = bit (k mod 8) of body byte floor(k / 8). The stream is zero-padded to a
 * whole byte: exactly ceil(sum_l n_l * w_l / 8) bytes.
 * Decoding rejects a wrong body length, non-zero padding bits, an id >= n_l and a duplicate id.
 */
import { isLayerList } from './layer-list.js';
import { checkBodyLength, CODEC_IDS, type Codec, type DecodeExpectation, headerLength, readHeader, writeHeader } from './codec.js';
import { allocWords, bitWidth, bytesToWords, packBits, unpackBits, wordsToBytes } from './bits.js';
import type { CodecDescriptor } from './descriptor.js';
import { CodecError } from './errors.js';
import { bitpackedBits } from './information.js';
import { permutationProblem } from './permutation-check.js';

const NAME = 'ranking-bitpacked';

/** Exact payload size in bytes (header included) for the given layer sizes. */
export function bitpackedPayloadBytes(layerSizes: readonly number[]): number {
  return headerLength(layerSizes.length) + Math.ceil(bitpackedBits(layerSizes) / 8);
}

/** Throws CodecError('invalid-input') unless every layer is a permutation. Shared with the delta codec. */
export function checkRankingInput(name: string, layers: readonly Uint32Array[]): void {
  if (!isLayerList(layers)) throw new CodecError('invalid-input', 'expected an array of layers', name);
  for (let l = 0; l < layers.length; l++) {
    const layer = layers[l];
    if (!(layer instanceof Uint32Array)) throw new CodecError('invalid-input', `layer ${l}: expected a Uint32Array`, name);
    const problem = permutationProblem(layer);
    if (problem !== null) throw new CodecError('invalid-input', `layer ${l}: ${problem.reason}`, name);
  }
}

export const rankingBitpackedCodec: Codec<Uint32Array[]> = {
  name: NAME,
  id: CODEC_IDS.rankingBitpacked,

  encode(layers: readonly Uint32Array[]): Uint8Array {
    checkRankingInput(NAME, layers);
    const sizes = layers.map((layer) => layer.length);
    const bits = bitpackedBits(sizes);
    const bodyBytes = Math.ceil(bits / 8);
    const out = new Uint8Array(headerLength(sizes.length) + bodyBytes);
    const offset = writeHeader(out, CODEC_IDS.rankingBitpacked, sizes);
    const words = allocWords(bits);
    let pos = 0;
    for (const layer of layers) pos = packBits(layer, bitWidth(layer.length), words, pos);
    wordsToBytes(words, bodyBytes, out, offset);
    return out;
  },

  decode(bytes: Uint8Array, expected: DecodeExpectation): Uint32Array[] {
    const offset = readHeader(rankingBitpackedCodec, bytes, expected);
    const sizes = expected.layerSizes;
    const bits = bitpackedBits(sizes);
    const bodyBytes = Math.ceil(bits / 8);
    checkBodyLength(NAME, bytes, offset, bodyBytes);
    const words = bytesToWords(bytes, offset, bodyBytes);
    if (bits % 32 !== 0 && words[Math.floor(bits / 32)] >>> (bits % 32) !== 0) {
      throw new CodecError('out-of-range', 'non-zero padding bits after the last edge id', NAME);
    }
    const layers: Uint32Array[] = [];
    let pos = 0;
    for (let l = 0; l < sizes.length; l++) {
      const layer = new Uint32Array(sizes[l]);
      pos = unpackBits(words, pos, bitWidth(sizes[l]), layer);
      const problem = permutationProblem(layer);
      if (problem !== null) throw new CodecError(problem.code, `layer ${l}: ${problem.reason}`, NAME);
      layers.push(layer);
    }
    return layers;
  },
};

export const rankingBitpackedDescriptor = {
  name: NAME,
  configName: 'bitpacked',
  carries: 'ranking',
  create: () => rankingBitpackedCodec,
} as const satisfies CodecDescriptor;
