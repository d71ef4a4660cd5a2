/**
 * Bit packing with 32-bit word operations. A bit stream is a sequence of 32-bit words; stream
 * bit k is bit (k mod 32) of word floor(k / 32). Serialized little-endian, stream bit k is bit
 * (k mod 8) of byte floor(k / 8) (LSB-first, "little-endian bit order"), and a w-bit value
 * written at bit k occupies stream bits k..k+w-1, least significant bit first. Long runs are
 * packed and unpacked by the native addon where it is built (the same bits).
 */

import { loadNative, NATIVE_MIN_LENGTH } from '@fedrank/native';

export const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

const native = loadNative();

/** Bits per value for values in [0, n): ceil(log2 n), 0 for n <= 1. */
export function bitWidth(n: number): number {
  if (n <= 1) return 0;
  if (n > 0x80000000) return 32;
  return 32 - Math.clz32(n - 1);
}

/** Words for a stream of `bits` bits, plus one zero word so readers never index past the end. */
export function allocWords(bits: number): Uint32Array {
  return new Uint32Array(Math.ceil(bits / 32) + 1);
}

/**
 * Appends values[0..n) at `width` bits each to the stream at bit `bitPos`; returns the new bit
 * position. Every value must be below 2^width (not checked); the stream must be zero from bitPos
 * on (it is, if it is only ever appended to).
 */
export function packBits(values: Uint32Array, width: number, words: Uint32Array, bitPos: number): number {
  const n = values.length;
  if (width === 0 || n === 0) return bitPos + n * width;
  if (native.available && n >= NATIVE_MIN_LENGTH && words.length >= Math.ceil((bitPos + n * width) / 32)) {
    return native.kernels.packBits(values, width, words, bitPos);
  }
  let wi = Math.floor(bitPos / 32);
  let fill = bitPos % 32;
  let acc = fill === 0 ? 0 : words[wi];
  for (let i = 0; i < n; i++) {
    const v = values[i];
    acc |= v << fill;
    fill += width;
    if (fill >= 32) {
      words[wi++] = acc;
      fill -= 32;
      acc = fill === 0 ? 0 : v >>> (width - fill);
    }
  }
  if (fill > 0) words[wi] = acc;
  return bitPos + n * width;
}

/**
 * Reads out.length values of `width` bits from the stream at bit `bitPos` into `out`; returns
 * the new bit position. The stream must hold one word past the last bit read (allocWords).
 */
export function unpackBits(words: Uint32Array, bitPos: number, width: number, out: Uint32Array): number {
  const n = out.length;
  if (width === 0) {
    out.fill(0);
    return bitPos;
  }
  if (native.available && n >= NATIVE_MIN_LENGTH && words.length > Math.floor((bitPos + n * width) / 32)) {
    return native.kernels.unpackBits(words, bitPos, width, out);
  }
  const mask = width === 32 ? -1 : (1 << width) - 1;
  let wi = Math.floor(bitPos / 32);
  let sh = bitPos % 32;
  let cur = words[wi];
  for (let i = 0; i < n; i++) {
    let v = cur >>> sh;
    sh += width;
    if (sh >= 32) {
      cur = words[++wi];
      sh -= 32;
      if (sh > 0) v |= cur << (width - sh);
    }
    out[i] = v & mask;
  }
  return bitPos + n * width;
}

/** The first `byteLength` bytes of the stream, serialized little-endian, into out[offset..]. */
export function wordsToBytes(words: Uint32Array, byteLength: number, out: Uint8Array, offset: number): void {
  if (LITTLE_ENDIAN) {
    out.set(new Uint8Array(words.buffer, words.byteOffset, byteLength), offset);
    return;
  }
  for (let b = 0; b < byteLength; b++) out[offset + b] = (words[b >>> 2] >>> (8 * (b & 3))) & 0xff;
}

/** A stream holding bytes[offset..offset+byteLength) (little-endian), with a zero guard word. */
export function bytesToWords(bytes: Uint8Array, offset: number, byteLength: number): Uint32Array {
  const words = allocWords(8 * byteLength);
  if (LITTLE_ENDIAN) {
    new Uint8Array(words.buffer).set(bytes.subarray(offset, offset + byteLength));
  } else {
    for (let b = 0; b < byteLength; b++) words[b >>> 2] |= bytes[offset + b] << (8 * (b & 3));
  }
  return words;
}
