import { describe, expect, it } from 'vitest';
import { Rng } from '@fedrank/random';
import { permutationProblem } from './permutation-check.js';

describe('permutationProblem', () => {
  // Small rankings take the JavaScript loop; large ones the native addon where it is built.
  for (const n of [50, 20_000]) {
    it(`names the first bad position (n = ${n})`, () => {
      const p = new Rng(n).shuffle(Uint32Array.from({ length: n }, (_, i) => i));
      expect(permutationProblem(p)).toBeNull();
      const late = n - 3;
      const dup = Uint32Array.from(p);
      dup[late] = dup[2];
      expect(permutationProblem(dup)).toEqual({ code: 'not-a-permutation', reason: `duplicate edge id ${dup[2]} at position ${late}` });
      const far = Uint32Array.from(dup);
      far[7] = n + 5;
      expect(permutationProblem(far)).toEqual({ code: 'out-of-range', reason: `edge id ${n + 5} at position 7 out of range [0,${n})` });
      far[7] = 0xffffffff;
      expect(permutationProblem(far)?.code).toBe('out-of-range');
    });
  }
  it('accepts the empty ranking', () => expect(permutationProblem(new Uint32Array(0))).toBeNull());
});
