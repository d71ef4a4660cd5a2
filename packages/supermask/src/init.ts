/**
 * Initial supermask state (edge-popup, Ramanujan et al. 2020, as used by FRL):
 * - frozen weights: signed Kaiming constant, w = sign(w0) * sqrt(2) / sqrt(fanIn);
 * - scores: Kaiming-uniform with a = sqrt(5), i.e. U(-1/sqrt(fanIn), +1/sqrt(fanIn)).
 */
import type { Rng } from '@fedrank/random';
import type { Architecture } from './architectures.js';

export interface SupermaskInit {
  weights: Float32Array[];
  scores: Float32Array[];
}

export function initSupermask(arch: Architecture, rng: Rng): SupermaskInit {
  const weights: Float32Array[] = [];
  const scores: Float32Array[] = [];
  for (const layer of arch.layers) {
    const wr = rng.derive('weights', layer.name);
    const sr = rng.derive('scores', layer.name);
    const c = Math.sqrt(2) / Math.sqrt(layer.fanIn);
    const bound = 1 / Math.sqrt(layer.fanIn);
    const w = new Float32Array(layer.size);
    const s = new Float32Array(layer.size);
    for (let i = 0; i < layer.size; i++) {
      w[i] = (wr.nextUint32() & 1) === 0 ? c : -c;
      s[i] = (sr.float() * 2 - 1) * bound;
    }
    weights.push(w);
    scores.push(s);
  }
  return { weights, scores };
}
