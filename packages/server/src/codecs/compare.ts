/**
 * Exact comparison of layered typed arrays (byte for byte), e.g. to check that a decoded update
 * is the one that was encoded. Far faster than a generic deep equality on millions of entries.
 */
type Layer = Uint32Array | Float32Array | Int8Array;

function bytesOf(a: Layer): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}

/** True if both have the same number of layers and each pair has the same type, length and bytes. */
export function sameLayers(a: readonly Layer[], b: readonly Layer[]): boolean {
  if (a.length !== b.length) return false;
  for (let l = 0; l < a.length; l++) {
    if (a[l].constructor !== b[l].constructor || a[l].length !== b[l].length) return false;
    if (!bytesOf(a[l]).equals(bytesOf(b[l]))) return false;
  }
  return true;
}
