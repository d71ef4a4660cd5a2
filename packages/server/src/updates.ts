/**
 * What a client sends and how the server checks it before aggregation. A malformed update is
 * rejected with a reason and counted; it never reaches an aggregation rule.
 */
import { validatePermutation } from '@fedrank/voting';

export type ClientUpdate = { kind: 'ranking'; layers: Uint32Array[] } | { kind: 'weights'; layers: Float32Array[] };

/** Returns null for a well-formed update, else a short reason. */
export function validateUpdate(update: ClientUpdate, layerSizes: readonly number[]): string | null {
  if (update.layers.length !== layerSizes.length) return `${update.layers.length} layers, expected ${layerSizes.length}`;
  for (let l = 0; l < layerSizes.length; l++) {
    const layer = update.layers[l];
    if (update.kind === 'ranking') {
      const why = validatePermutation(layer, layerSizes[l]);
      if (why !== null) return `layer ${l}: ${why}`;
    } else {
      if (layer.length !== layerSizes[l]) return `layer ${l}: length ${layer.length}, expected ${layerSizes[l]}`;
      for (let i = 0; i < layer.length; i++) {
        if (!Number.isFinite(layer[i])) return `layer ${l}: non-finite value at ${i}`;
      }
    }
  }
  return null;
}
