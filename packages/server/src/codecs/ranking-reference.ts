/**
 * The global ranking a client received, as shared context of the delta ranking codec: per layer
 * the ranking (edge ids by ascending global score), each edge's position in it, and a 32-bit
 * fingerprint of the whole ranking, which every delta payload carries so that a payload encoded
 * against another global ranking is rejected instead of silently decoded to a wrong update.
 * Build one per round (LeNet: ~10 ms) and share it between all of that round's clients.
 */
import { CodecError } from './errors.js';
import { permutationProblem } from './permutation-check.js';

export class RankingReference {
  /** Per layer, the global ranking (a private copy). */
  readonly rankings: readonly Uint32Array[];
  /** Per layer, positions[l][e] = position of edge e in rankings[l]. */
  readonly positions: readonly Uint32Array[];
  readonly layerSizes: readonly number[];
  /** 32-bit hash of the layer sizes and every ranking. */
  readonly fingerprint: number;

  /** Throws CodecError('invalid-input') unless every layer is a permutation. */
  constructor(rankings: readonly Uint32Array[]) {
    const copies: Uint32Array[] = [];
    const positions: Uint32Array[] = [];
    for (let l = 0; l < rankings.length; l++) {
      const layer = rankings[l];
      if (!(layer instanceof Uint32Array))
        throw new CodecError('invalid-input', `reference layer ${l}: expected a Uint32Array`, 'ranking-reference');
      const problem = permutationProblem(layer);
      if (problem !== null) throw new CodecError('invalid-input', `reference layer ${l}: ${problem.reason}`, 'ranking-reference');
      const copy = Uint32Array.from(layer);
      copies.push(copy);
      positions.push(inverse(copy));
    }
    this.rankings = copies;
    this.positions = positions;
    this.layerSizes = copies.map((r) => r.length);
    this.fingerprint = fingerprintOf(copies);
  }
}

function inverse(perm: Uint32Array): Uint32Array {
  const inv = new Uint32Array(perm.length);
  for (let i = 0; i < perm.length; i++) inv[perm[i]] = i;
  return inv;
}

/** Murmur3-style mixing of the layer count, each layer's size and every id. */
export function fingerprintOf(rankings: readonly Uint32Array[]): number {
  let h = mix(0x9747b28c, rankings.length);
  for (const r of rankings) {
    h = mix(h, r.length);
    h = mixAll(h, r);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function mixAll(h: number, r: Uint32Array): number {
  for (let i = 0; i < r.length; i++) h = mix(h, r[i]);
  return h;
}

function mix(h: number, v: number): number {
  let k = Math.imul(v, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, 0x1b873593);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}
