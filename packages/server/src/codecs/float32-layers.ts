/**
 * Float32 layers <-> little-endian bytes, shared by the float32 weight codecs.
 */
import { isLayerList } from './layer-list.js';
import { LITTLE_ENDIAN } from './bits.js';
import { CodecError } from './errors.js';

/** Throws CodecError('invalid-input') unless every layer is a Float32Array of finite values. */
export function checkFloat32Input(name: string, layers: readonly Float32Array[]): void {
  if (!isLayerList(layers)) throw new CodecError('invalid-input', 'expected an array of layers', name);
  for (let l = 0; l < layers.length; l++) {
    const layer = layers[l];
    if (!(layer instanceof Float32Array)) throw new CodecError('invalid-input', `layer ${l}: expected a Float32Array`, name);
    const i = firstNonFinite(layer);
    if (i >= 0) throw new CodecError('invalid-input', `layer ${l}: non-finite value ${layer[i]} at ${i}`, name);
  }
}

/** Index of the first NaN or infinity, or -1. */
export function firstNonFinite(a: Float32Array): number {
  for (let i = 0; i < a.length; i++) {
    const v = a[i];
    if (v - v !== 0) return i;
  }
  return -1;
}

/** All layers' values, little-endian, concatenated into out[offset..]. */
export function writeFloat32Layers(layers: readonly Float32Array[], out: Uint8Array, offset: number): void {
  let at = offset;
  for (const layer of layers) {
    if (LITTLE_ENDIAN) {
      out.set(new Uint8Array(layer.buffer, layer.byteOffset, layer.byteLength), at);
    } else {
      const view = new DataView(out.buffer, out.byteOffset + at, layer.byteLength);
      for (let i = 0; i < layer.length; i++) view.setFloat32(4 * i, layer[i], true);
    }
    at += layer.byteLength;
  }
}

/**
 * Layers of the given sizes read from bytes[offset..] (which must hold 4 * sum(sizes) bytes);
 * rejects NaN and infinities.
 */
export function readFloat32Layers(name: string, bytes: Uint8Array, offset: number, sizes: readonly number[]): Float32Array[] {
  const layers: Float32Array[] = [];
  let at = offset;
  for (let l = 0; l < sizes.length; l++) {
    const layer = new Float32Array(sizes[l]);
    if (LITTLE_ENDIAN) {
      new Uint8Array(layer.buffer).set(bytes.subarray(at, at + layer.byteLength));
    } else {
      const view = new DataView(bytes.buffer, bytes.byteOffset + at, layer.byteLength);
      for (let i = 0; i < layer.length; i++) layer[i] = view.getFloat32(4 * i, true);
    }
    const bad = firstNonFinite(layer);
    if (bad >= 0) throw new CodecError('non-finite', `layer ${l}: non-finite value ${layer[bad]} at ${bad}`, name);
    at += layer.byteLength;
    layers.push(layer);
  }
  return layers;
}

export function totalSize(sizes: readonly number[]): number {
  let total = 0;
  for (const n of sizes) total += n;
  return total;
}
