/**
 * pairwiseSquaredDistances: the native kernel (where built) gives the JavaScript loops' sums bit
 * for bit, and an array passed several times (an attack's copies) gives what comparing it with
 * itself computes: 0, or NaN when it holds a non-finite value.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '@fedrank/random';
import { pairwiseSquaredDistances } from './common.js';

/** The plain definition, with the same block order (4096 coordinates) as the kernels. */
function plain(updates: readonly Float32Array[]): Float64Array {
  const n = updates.length;
  const dim = n === 0 ? 0 : updates[0].length;
  const out = new Float64Array(n * n);
  for (let a = 0; a < n; a++)
    for (let b = 0; b < n; b++) {
      if (a === b) continue;
      let total = 0;
      for (let start = 0; start < dim; start += 4096) {
        let s = 0;
        for (let j = start; j < Math.min(dim, start + 4096); j++) {
          const d = updates[a][j] - updates[b][j];
          s += d * d;
        }
        total += s;
      }
      out[a * n + b] = total;
    }
  return out;
}

const vectors = (rng: Rng, n: number, dim: number): Float32Array[] =>
  Array.from({ length: n }, () => Float32Array.from({ length: dim }, () => rng.normal() * 1e3));

describe('pairwiseSquaredDistances', () => {
  it('matches the plain definition bit for bit (13 vectors of 9000: 8-, 4- and 1-pair groups, 3 blocks)', () => {
    const updates = vectors(new Rng(1), 13, 9000);
    expect(pairwiseSquaredDistances(updates)).toEqual(plain(updates));
  });

  it("matches it at lengths and counts off the native kernel's 8 x 8 tiles (17 vectors of 4101, 3 of 4099)", () => {
    for (const [n, dim] of [
      [17, 4101],
      [3, 4099],
    ]) {
      const updates = vectors(new Rng(n), n, dim);
      expect(pairwiseSquaredDistances(updates)).toEqual(plain(updates));
    }
  });

  it('compares repeated arrays once, with the values of comparing them', () => {
    const rng = new Rng(2);
    const [m, ...pool] = vectors(rng, 6, 5000);
    const withCopies = [m, m, m, ...pool, m];
    expect(pairwiseSquaredDistances(withCopies)).toEqual(plain(withCopies));
    const bad = Float32Array.from(m);
    bad[4999] = NaN;
    const withBad = [bad, ...pool, bad];
    const got = pairwiseSquaredDistances(withBad);
    expect(got[0 * 7 + 6]).toBeNaN();
    expect(got).toEqual(plain(withBad));
  });

  it('handles 0 and 1 vectors', () => {
    expect(pairwiseSquaredDistances([])).toEqual(new Float64Array(0));
    expect(pairwiseSquaredDistances([new Float32Array(3000)])).toEqual(new Float64Array(1));
  });
});
