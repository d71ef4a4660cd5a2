/**
 * Dirichlet non-IID partition, following the reference FRL code step by step: for each class in
 * class order, shuffle that class's indices, draw p ~ Dirichlet(alpha * 1_numClients), and let
 * client u (in client order) take the next round(|class| * p_u) indices, capped by what is left.
 * Indices left over after the last client are dropped. Rounding is half-to-even, like Python's
 * round() on a numpy float.
 */
import type { Rng } from '@fedrank/random';
import { indicesByClass } from './by-class.js';

/** Round to nearest, ties to even (Python 3 / numpy semantics). */
export function roundHalfEven(x: number): number {
  const f = Math.floor(x);
  const d = x - f;
  if (d > 0.5) return f + 1;
  if (d < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

export function partitionDirichlet(labels: Uint8Array, numClasses: number, numClients: number, alpha: number, rng: Rng): Uint32Array[] {
  const byClass = indicesByClass(labels, numClasses);
  const taken: number[][] = Array.from({ length: numClients }, () => []);
  const alphas = new Float64Array(numClients).fill(alpha);
  for (let c = 0; c < numClasses; c++) {
    const pool = rng.shuffle(byClass[c]);
    const p = rng.dirichlet(alphas);
    let next = 0;
    for (let u = 0; u < numClients; u++) {
      const want = roundHalfEven(pool.length * p[u]);
      const n = Math.min(want, pool.length - next);
      for (let k = 0; k < n; k++) taken[u].push(pool[next + k]);
      next += n;
    }
  }
  return taken.map((t) => Uint32Array.from(t));
}
