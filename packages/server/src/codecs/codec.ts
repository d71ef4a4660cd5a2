/**
 * The codec contract and the header every payload starts with.
 *
 * Header (all integers little-endian), 8 + 4 * L bytes:
 *   0..1  magic "FR" (0x46 0x52)
 *   2     format version (1)
 *   3     codec id (CODEC_IDS)
 *   4..7  L, the layer count (u32)
 *   8..   L layer sizes (u32 each): edges per layer (rankings) or parameters per layer
 * The body follows; its format is described at the top of each codec's file. A payload has no
 * bytes after its body.
 *
 * Decoding checks the header against what the receiver expects (codec, layer count and every
 * layer size) before it reads the body, so that a corrupt count or size never drives an
 * allocation or a loop.
 */
import { CodecError } from './errors.js';

export const MAGIC_0 = 0x46; // 'F'
export const MAGIC_1 = 0x52; // 'R'
export const FORMAT_VERSION = 1;

/** Codec ids, byte 3 of every payload. */
export const CODEC_IDS = {
  rankingBitpacked: 1,
  rankingDelta: 2,
  weightsFloat32: 3,
  weightsFloat32Deflate: 4,
  signs1Bit: 5,
} as const;
export type CodecId = (typeof CODEC_IDS)[keyof typeof CODEC_IDS];

/** What the receiver knows about the message before reading it: the model's layer sizes. */
export interface DecodeExpectation {
  readonly layerSizes: readonly number[];
}

/**
 * Encodes one message (a client update or the global state) to bytes and back. `C` is extra
 * state shared by sender and receiver (the global ranking for the delta codec), `void` for
 * self-contained codecs, whose methods are then called without it.
 */
export interface Codec<T, C = void> {
  readonly name: string;
  readonly id: CodecId;
  /** Throws CodecError('invalid-input') if `value` is not a valid message of this kind. */
  encode(value: Readonly<T>, context: C): Uint8Array;
  /** Returns a fresh value of the expected shape, or throws CodecError; never anything else. */
  decode(bytes: Uint8Array, expected: DecodeExpectation, context: C): T;
}

/** A context-bound codec: the context fixed, e.g. the delta codec for one round's global ranking. */
export function bindContext<T, C>(codec: Codec<T, C>, context: C): Codec<T> {
  return {
    name: codec.name,
    id: codec.id,
    encode: (value) => codec.encode(value, context),
    decode: (bytes, expected) => codec.decode(bytes, expected, context),
  };
}

/** Largest layer size a header can carry. */
export const MAX_LAYER_SIZE = 0xffffffff;

export function headerLength(layerCount: number): number {
  return 8 + 4 * layerCount;
}

/** Throws CodecError('invalid-input') unless every size is an integer in [0, MAX_LAYER_SIZE]. */
export function checkLayerSizes(codec: string, layerSizes: readonly number[]): void {
  if (layerSizes.length > 0xffffffff) throw new CodecError('invalid-input', `too many layers (${layerSizes.length})`, codec);
  for (let l = 0; l < layerSizes.length; l++) {
    const n = layerSizes[l];
    if (!Number.isInteger(n) || n < 0 || n > MAX_LAYER_SIZE) {
      throw new CodecError('invalid-input', `layer ${l}: invalid size ${n}`, codec);
    }
  }
}

/** Writes the header at the start of `out` and returns its length. */
export function writeHeader(out: Uint8Array, id: CodecId, layerSizes: readonly number[]): number {
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  out[0] = MAGIC_0;
  out[1] = MAGIC_1;
  out[2] = FORMAT_VERSION;
  out[3] = id;
  view.setUint32(4, layerSizes.length, true);
  for (let l = 0; l < layerSizes.length; l++) view.setUint32(8 + 4 * l, layerSizes[l], true);
  return headerLength(layerSizes.length);
}

/** The codec id of a payload (for dispatch), after checking magic and version. */
export function peekCodecId(bytes: Uint8Array): number {
  checkPrefix('payload', bytes);
  return bytes[3];
}

function checkPrefix(codec: string, bytes: Uint8Array): void {
  if (bytes.length < 8) throw new CodecError('truncated', `${bytes.length} bytes, shorter than a header`, codec);
  if (bytes[0] !== MAGIC_0 || bytes[1] !== MAGIC_1) {
    throw new CodecError('bad-magic', `magic 0x${hex2(bytes[0])}${hex2(bytes[1])}, expected 0x4652 ("FR")`, codec);
  }
  if (bytes[2] !== FORMAT_VERSION) throw new CodecError('bad-version', `format version ${bytes[2]}, expected ${FORMAT_VERSION}`, codec);
}

function hex2(b: number): string {
  return b.toString(16).padStart(2, '0');
}

/**
 * Checks the header of `bytes` against the codec and the expected layer sizes; returns the
 * offset of the body.
 */
export function readHeader(codec: { readonly name: string; readonly id: number }, bytes: Uint8Array, expected: DecodeExpectation): number {
  const name = codec.name;
  checkLayerSizes(name, expected.layerSizes);
  checkPrefix(name, bytes);
  if (bytes[3] !== codec.id) throw new CodecError('wrong-codec', `codec id ${bytes[3]}, expected ${codec.id} (${name})`, name);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = view.getUint32(4, true);
  const sizes = expected.layerSizes;
  if (count !== sizes.length) throw new CodecError('layer-count', `${count} layers, expected ${sizes.length}`, name);
  const end = headerLength(count);
  if (bytes.length < end) throw new CodecError('truncated', `${bytes.length} bytes, header of ${count} layers needs ${end}`, name);
  for (let l = 0; l < count; l++) {
    const n = view.getUint32(8 + 4 * l, true);
    if (n !== sizes[l]) throw new CodecError('layer-size', `layer ${l}: ${n} entries, expected ${sizes[l]}`, name);
  }
  return end;
}

/** Throws unless the body has exactly `want` bytes (after the header at `offset`). */
export function checkBodyLength(name: string, bytes: Uint8Array, offset: number, want: number): void {
  const have = bytes.length - offset;
  if (have < want) throw new CodecError('truncated', `body of ${have} bytes, expected ${want}`, name);
  if (have > want) throw new CodecError('trailing-bytes', `body of ${have} bytes, expected ${want}`, name);
}
