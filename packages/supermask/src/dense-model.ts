/**
 * Dense (weight-trained) networks for the weight-based baselines (FedAvg, Krum, trimmed mean,
 * ...): the same architectures with trainable weights and a bias per output unit, initialized as
 * PyTorch's defaults (Kaiming-uniform a = sqrt(5): W, b ~ U(-1/sqrt(fanIn), 1/sqrt(fanIn))).
 * The parameters travel as one flat Float32Array: for each layer its weights, then its bias.
 */
import type { Rng } from '@fedrank/random';
import type { Architecture } from './architectures.js';

export interface ParamSlot {
  layer: number;
  kind: 'weight' | 'bias';
  offset: number;
  size: number;
}

export interface DenseLayout {
  slots: ParamSlot[];
  total: number;
}

export function denseLayout(arch: Architecture): DenseLayout {
  const slots: ParamSlot[] = [];
  let offset = 0;
  arch.layers.forEach((layer, l) => {
    slots.push({ layer: l, kind: 'weight', offset, size: layer.size });
    offset += layer.size;
    slots.push({ layer: l, kind: 'bias', offset, size: layer.units });
    offset += layer.units;
  });
  return { slots, total: offset };
}

/** Views of a flat parameter vector as per-layer weights and biases (no copies). */
export function splitParams(arch: Architecture, flat: Float32Array): { weights: Float32Array[]; biases: Float32Array[] } {
  const layout = denseLayout(arch);
  const weights: Float32Array[] = [];
  const biases: Float32Array[] = [];
  for (const s of layout.slots) {
    const view = flat.subarray(s.offset, s.offset + s.size);
    (s.kind === 'weight' ? weights : biases).push(view);
  }
  return { weights, biases };
}

/** The per-slot sizes, in flat order (the layer sizes a codec sees). */
export function denseSlotSizes(arch: Architecture): number[] {
  return denseLayout(arch).slots.map((s) => s.size);
}

export function initDense(arch: Architecture, rng: Rng): Float32Array {
  const layout = denseLayout(arch);
  const flat = new Float32Array(layout.total);
  for (const s of layout.slots) {
    const layer = arch.layers[s.layer];
    const bound = 1 / Math.sqrt(layer.fanIn);
    const r = rng.derive(s.kind, layer.name);
    for (let i = s.offset; i < s.offset + s.size; i++) flat[i] = (r.float() * 2 - 1) * bound;
  }
  return flat;
}
