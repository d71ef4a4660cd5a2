/** Helpers for tests that run the same computation on the wasm and cpu backends. */
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '@fedrank/random';

/** max|a - b| / max|b|: the tolerance measure the wasm-vs-cpu tests use. */
export function relativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < b.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return scale === 0 ? diff : diff / scale;
}

export function normals(rng: Rng, size: number, scale = 1): Float32Array {
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) out[i] = rng.normal() * scale;
  return out;
}

/** Runs `body` on tfjs backend `name` inside tidy; returns plain arrays copied out of it. */
export async function onBackend(name: string, body: () => tf.Tensor[]): Promise<Float32Array[]> {
  if (!(await tf.setBackend(name))) throw new Error(`cannot switch to ${name}`);
  return tf.tidy(() => body().map((t) => Float32Array.from(t.dataSync())));
}

/**
 * onBackend for backends without a synchronous read (WebGPU in Node): computes inside tidy, then
 * reads the results with tensor.data().
 */
export async function onBackendAsync(name: string, body: () => tf.Tensor[]): Promise<Float32Array[]> {
  if (!(await tf.setBackend(name))) throw new Error(`cannot switch to ${name}`);
  const results = tf.tidy(body);
  try {
    return await Promise.all(results.map(async (t) => Float32Array.from(await t.data())));
  } finally {
    tf.dispose(results);
  }
}
