/**
 * Sample arrays backed by SharedArrayBuffer, so the simulator's worker threads read a loaded
 * dataset in place: no second copy in the main thread, none per worker.
 */
export function sharedFloat32Array(length: number): Float32Array {
  return new Float32Array(new SharedArrayBuffer(length * Float32Array.BYTES_PER_ELEMENT));
}

export function sharedUint8Array(length: number): Uint8Array {
  return new Uint8Array(new SharedArrayBuffer(length));
}
