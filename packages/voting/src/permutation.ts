/**
 * Permutations of 0..n-1 stored as Uint32Array (a client's ranking: edge ids in ascending score
 * order). Inverse: inv[perm[i]] = i, i.e. the position of each edge in the ranking.
 */

/** inv with inv[perm[i]] = i. `perm` must be a permutation of 0..n-1 (not checked). */
export function inversePermutation(perm: Uint32Array, out?: Uint32Array): Uint32Array {
  const n = perm.length;
  const inv = out ?? new Uint32Array(n);
  if (inv.length !== n) {
    throw new RangeError(`inversePermutation: out has length ${inv.length}, expected ${n}`);
  }
  if (inv === perm) throw new RangeError('inversePermutation: out must not be perm');
  for (let i = 0; i < n; i++) inv[perm[i]] = i;
  return inv;
}

/**
 * Why `arr` is not a permutation of 0..n-1, or null if it is: the length is n and every value is
 * an integer in [0, n) that occurs exactly once.
 */
export function validatePermutation(arr: ArrayLike<number>, n: number): string | null {
  if (!Number.isInteger(n) || n < 0) return `invalid size ${n}`;
  if (arr.length !== n) return `length ${arr.length}, expected ${n}`;
  const bad = arr instanceof Uint32Array ? firstProblemUint32(arr, n) : firstProblem(arr, n);
  if (bad < 0) return null;
  const v = arr[bad];
  if (!Number.isInteger(v)) return `value ${v} at position ${bad} is not an integer`;
  if (v < 0 || v >= n) return `value ${v} out of range [0,${n})`;
  return `duplicate edge id ${v}`;
}

// The scans return the position of the first offending value (-1 if none) and build no strings:
// V8 ran the loop about 10x slower with the error messages inside it.
function firstProblemUint32(arr: Uint32Array, n: number): number {
  const seen = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const v = arr[i];
    if (v >= n || seen[v] !== 0) return i;
    seen[v] = 1;
  }
  return -1;
}

function firstProblem(arr: ArrayLike<number>, n: number): number {
  const seen = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const v = arr[i];
    if (!Number.isInteger(v) || v < 0 || v >= n || seen[v] !== 0) return i;
    seen[v] = 1;
  }
  return -1;
}

/** True if `arr` is a permutation of 0..n-1 (see validatePermutation). */
export function isPermutation(arr: ArrayLike<number>, n: number): boolean {
  return validatePermutation(arr, n) === null;
}
