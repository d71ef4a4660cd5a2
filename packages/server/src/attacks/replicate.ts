/**
 * The colluding clients' uploads: one crafted update sent by every malicious client.
 */

/** `count` updates equal to v: v itself first, then independent copies (no shared buffers). */
export function replicate(v: Float32Array, count: number): Float32Array[] {
  const out: Float32Array[] = [];
  for (let k = 0; k < count; k++) out.push(k === 0 ? v : v.slice());
  return out;
}
