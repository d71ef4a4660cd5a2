/**
 * Weights as raw float32 (codec id 3, "weights-float32"): FedAvg-style updates and the FedAvg
 * global model sent down.
 *
 * Value: one Float32Array per layer, finite values only.
 * Body: every layer's values in order, IEEE-754 float32 little-endian, layers concatenated:
 * exactly 4 * sum_l n_l bytes. Decoding rejects a wrong body length and NaN/infinities (encode
 * refuses them too, so that what encodes always decodes).
 */
import { checkBodyLength, CODEC_IDS, type Codec, type DecodeExpectation, headerLength, readHeader, writeHeader } from './codec.js';
import type { CodecDescriptor } from './descriptor.js';
import { checkFloat32Input, readFloat32Layers, totalSize, writeFloat32Layers } from './float32-layers.js';

const NAME = 'weights-float32';

export const weightsFloat32Codec: Codec<Float32Array[]> = {
  name: NAME,
  id: CODEC_IDS.weightsFloat32,

  encode(layers: readonly Float32Array[]): Uint8Array {
    checkFloat32Input(NAME, layers);
    const sizes = layers.map((layer) => layer.length);
    const out = new Uint8Array(headerLength(sizes.length) + 4 * totalSize(sizes));
    const offset = writeHeader(out, CODEC_IDS.weightsFloat32, sizes);
    writeFloat32Layers(layers, out, offset);
    return out;
  },

  decode(bytes: Uint8Array, expected: DecodeExpectation): Float32Array[] {
    const offset = readHeader(weightsFloat32Codec, bytes, expected);
    checkBodyLength(NAME, bytes, offset, 4 * totalSize(expected.layerSizes));
    return readFloat32Layers(NAME, bytes, offset, expected.layerSizes);
  },
};

export const weightsFloat32Descriptor = {
  name: NAME,
  configName: 'float32',
  carries: 'weights',
  create: () => weightsFloat32Codec,
} as const satisfies CodecDescriptor;
