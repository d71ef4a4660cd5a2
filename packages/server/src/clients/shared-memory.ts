/**
 * Typed arrays backed by SharedArrayBuffer, so worker threads read the dataset, the frozen
 * weights and the global scores without copies.
 */
export function sharedFloat32(source: Float32Array | number): Float32Array {
  const n = typeof source === 'number' ? source : source.length;
  const out = new Float32Array(new SharedArrayBuffer(n * 4));
  if (typeof source !== 'number') out.set(source);
  return out;
}

export function sharedUint8(source: Uint8Array): Uint8Array {
  const out = new Uint8Array(new SharedArrayBuffer(source.length));
  out.set(source);
  return out;
}

export function isShared(a: ArrayBufferView): boolean {
  return a.buffer instanceof SharedArrayBuffer;
}
