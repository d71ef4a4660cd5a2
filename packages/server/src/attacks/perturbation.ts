/**
 * Perturbation directions of Shejwalkar & Houmansadr ("Manipulating the Byzantine: Optimizing
 * Model Poisoning Attacks and Defenses for Federated Learning", NDSS 2021): the malicious update
 * is mean - gamma * p with p one of
 *   'unit-vec': mean / ||mean|| (p = 0 when the mean is 0),
 *   'std':      the coordinate-wise standard deviation,
 *   'sign':     sign(mean) (0 where the mean is 0).
 */

/** Euclidean norm of a float64 vector. */
export function norm(v: Float64Array): number {
  let s = 0;
  for (let j = 0; j < v.length; j++) s += v[j] * v[j];
  return Math.sqrt(s);
}

/** The direction p of mean - gamma * p. */
export type DeviationKind = 'unit-vec' | 'std' | 'sign';
export const DEVIATION_KINDS: readonly DeviationKind[] = ['unit-vec', 'std', 'sign'];

/** The perturbation vector p of the given kind, from the pool's mean and std. */
export function perturbation(kind: DeviationKind, mean: Float64Array, std: Float64Array): Float64Array {
  const dim = mean.length;
  if (kind === 'std') return Float64Array.from(std);
  const p = new Float64Array(dim);
  if (kind === 'sign') {
    for (let j = 0; j < dim; j++) p[j] = Math.sign(mean[j]);
    return p;
  }
  const len = norm(mean);
  if (len === 0) return p;
  for (let j = 0; j < dim; j++) p[j] = mean[j] / len;
  return p;
}
