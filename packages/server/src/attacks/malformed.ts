/**
 * `malformed`: updates the server must reject, to exercise its
 * validation. Not a poisoning formula: each generator corrupts an otherwise well-formed update
 * in one way, chosen by `kind`:
 * - 'truncated':    a ranking layer (or the weight vector) shorter than expected;
 * - 'duplicate':    a ranking layer with one edge id twice (and one missing), length intact;
 *                   for weights, the whole vector sent twice (length 2 * size);
 * - 'out-of-range': a ranking layer with an edge id >= n; for weights, a +-Infinity entry;
 * - 'nan':          weights only: NaN entries;
 * - 'wrong-layers': a ranking update with one layer too few or too many; for weights, an extra
 *                   trailing block (a layer the model does not have).
 * Every malformed ranking update fails the check `update.length === layerSizes.length` and
 * `validatePermutation(update[l], layerSizes[l]) === null` for every l; every malformed weight
 * update fails `length === size` and all-finite. `malformedBytes` is wire garbage for the
 * decoders. All randomness comes from the given Rng.
 */
import { z } from 'zod';
import { choice } from '../plugins/param-types.js';
import { defineAttack } from './descriptor.js';
import type { Rng } from '@fedrank/random';
import { AttackError } from './types.js';

export type MalformedKind = 'truncated' | 'duplicate' | 'out-of-range' | 'nan' | 'wrong-layers';
export type MalformedRankingKind = Exclude<MalformedKind, 'nan'>;
export type MalformedWeightKind = MalformedKind;

export const MALFORMED_RANKING_KINDS: readonly MalformedRankingKind[] = ['truncated', 'duplicate', 'out-of-range', 'wrong-layers'];
export const MALFORMED_WEIGHT_KINDS: readonly MalformedWeightKind[] = ['truncated', 'duplicate', 'out-of-range', 'nan', 'wrong-layers'];

function pickLayer(layerSizes: readonly number[], rng: Rng, minSize: number): number {
  const eligible: number[] = [];
  for (let l = 0; l < layerSizes.length; l++) if (layerSizes[l] >= minSize) eligible.push(l);
  return eligible.length === 0 ? -1 : eligible[rng.int(eligible.length)];
}

function checkSizes(layerSizes: readonly number[]): void {
  for (let l = 0; l < layerSizes.length; l++) {
    const n = layerSizes[l];
    if (!Number.isInteger(n) || n < 0 || n > 0xfffffffe) {
      throw new AttackError(`layer ${l} has an invalid size ${n}`, 'attack (malformed)');
    }
  }
}

/**
 * A ranking update (one Uint32Array per layer) that the server must reject: random valid
 * permutations with one corruption of the given kind in one randomly chosen layer. A kind that
 * no layer can carry (e.g. 'truncated' when every layer is empty) falls back to a layer one edge
 * too long, which is still malformed.
 */
export function malformedRankingUpdate(kind: MalformedRankingKind, layerSizes: readonly number[], rng: Rng): Uint32Array[] {
  checkSizes(layerSizes);
  const layers = layerSizes.map((n) => rng.permutation(n));
  switch (kind) {
    case 'truncated': {
      const l = pickLayer(layerSizes, rng, 1);
      if (l < 0) return tooLong(layers, rng);
      const cut = rng.int(layerSizes[l]); // keep 0..n-1 entries
      layers[l] = layers[l].slice(0, cut);
      return layers;
    }
    case 'duplicate': {
      const l = pickLayer(layerSizes, rng, 2);
      if (l < 0) return tooLong(layers, rng);
      const n = layerSizes[l];
      const i = rng.int(n);
      let j = rng.int(n - 1);
      if (j >= i) j++;
      layers[l][j] = layers[l][i];
      return layers;
    }
    case 'out-of-range': {
      const l = pickLayer(layerSizes, rng, 1);
      if (l < 0) return tooLong(layers, rng);
      const n = layerSizes[l];
      // n itself, or a value anywhere in (n, 2^32).
      layers[l][rng.int(n)] = rng.float() < 0.5 ? n : n + 1 + rng.int(0xffffffff - n);
      return layers;
    }
    case 'wrong-layers': {
      if (layers.length > 0 && rng.float() < 0.5) {
        layers.splice(rng.int(layers.length), 1);
        return layers;
      }
      const n = layerSizes.length > 0 ? layerSizes[rng.int(layerSizes.length)] : 1 + rng.int(16);
      layers.push(rng.permutation(n));
      return layers;
    }
    default:
      throw new AttackError(`unknown malformed ranking kind ${String(kind)}`, 'attack (malformed)');
  }
}

/** Fallback: one layer (or a new one) with an extra edge id appended. */
function tooLong(layers: Uint32Array[], rng: Rng): Uint32Array[] {
  if (layers.length === 0) {
    layers.push(Uint32Array.of(0));
    return layers;
  }
  const l = rng.int(layers.length);
  const grown = new Uint32Array(layers[l].length + 1);
  grown.set(layers[l]);
  grown[layers[l].length] = layers[l].length;
  layers[l] = grown;
  return layers;
}

function fillNormal(out: Float32Array, rng: Rng, std: number): void {
  for (let i = 0; i < out.length; i++) out[i] = rng.normal(0, std);
}

/** Sets `count` random entries (at least one) to `value`. */
function poison(v: Float32Array, rng: Rng, count: number, value: () => number): void {
  for (let q = 0; q < count; q++) v[rng.int(v.length)] = value();
}

/**
 * A flat weight update of the given expected size that the server must reject: small Gaussian
 * entries with one corruption of the given kind ('nan' and 'out-of-range' poison 1 + a few random
 * entries; with size 0 they, like 'truncated', fall back to a vector of the wrong length).
 */
export function malformedWeightUpdate(kind: MalformedWeightKind, size: number, rng: Rng): Float32Array {
  if (!Number.isInteger(size) || size < 0) throw new AttackError(`invalid update size ${size}`, 'attack (malformed)');
  const base = new Float32Array(size);
  fillNormal(base, rng, 1e-3);
  switch (kind) {
    case 'truncated': {
      if (size === 0) return Float32Array.of(0);
      return base.slice(0, rng.int(size));
    }
    case 'duplicate': {
      if (size === 0) return Float32Array.of(0);
      const twice = new Float32Array(2 * size);
      twice.set(base);
      twice.set(base, size);
      return twice;
    }
    case 'nan': {
      if (size === 0) return Float32Array.of(NaN);
      poison(base, rng, 1 + rng.int(Math.min(8, size)), () => NaN);
      return base;
    }
    case 'out-of-range': {
      if (size === 0) return Float32Array.of(Infinity);
      poison(base, rng, 1 + rng.int(Math.min(8, size)), () => (rng.float() < 0.5 ? Infinity : -Infinity));
      return base;
    }
    case 'wrong-layers': {
      const extra = 1 + rng.int(Math.max(1, Math.min(size, 1024)));
      const out = new Float32Array(size + extra);
      out.set(base);
      fillNormal(out.subarray(size), rng, 1e-3);
      return out;
    }
    default:
      throw new AttackError(`unknown malformed weight kind ${String(kind)}`, 'attack (malformed)');
  }
}

/** `length` uniformly random bytes: garbage for the update decoders. */
export function malformedBytes(rng: Rng, length: number): Uint8Array {
  if (!Number.isInteger(length) || length < 0) throw new AttackError(`invalid byte length ${length}`, 'attack (malformed)');
  const out = new Uint8Array(length);
  const words = Math.floor(length / 4);
  const view = new DataView(out.buffer);
  for (let w = 0; w < words; w++) view.setUint32(4 * w, rng.nextUint32(), true);
  for (let i = 4 * words; i < length; i++) out[i] = rng.int(256);
  return out;
}

export const malformedDescriptor = defineAttack({
  kind: 'malformed',
  targets: 'wire',
  /** malformedKind: which corruption (default: the round loop cycles through all). */
  params: z.strictObject({ malformedKind: choice(['truncated', 'duplicate', 'out-of-range', 'nan', 'wrong-layers']).optional() }),
  create: ({ malformedKind }) =>
    malformedKind === undefined ? { name: 'malformed', targets: 'wire' } : { name: 'malformed', targets: 'wire', malformedKind },
});
