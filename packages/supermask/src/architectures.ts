/**
 * The built-in network architectures for supermask (edge-popup, Ramanujan et al. 2020) and dense
 * training, each a descriptor that gives its layer list (layer-list.ts); the forward pass over
 * them is forward.ts. Adding one is one entry in ARCHITECTURES.
 *
 * - lenet: the FRL reference's MNIST model: conv3x3(c->32), ReLU, conv3x3(32->64), ReLU,
 *   maxpool 2, flatten, dense 128, ReLU, dense classes (1,625,632 edges on 28x28x1).
 * - conv2/conv4/conv6/conv8: edge-popup's family: pairs of 3x3 convs (64, 128, 256, 512
 *   channels) each followed by maxpool 2, then dense 256, 256, classes.
 * - mlp: dense layers with ReLU (hidden sizes `model.hidden`, default 300, 100).
 */
import type { Architecture, InputShape } from './architecture-types.js';
import { ArchitectureError } from './architecture-types.js';
import { architectureFromLayers, type LayerOp } from './layer-list.js';

export * from './architecture-types.js';
export * from './layer-list.js';

export type ArchName = 'lenet' | 'conv2' | 'conv4' | 'conv6' | 'conv8' | 'mlp';

export interface ArchOptions {
  /** Hidden sizes for `mlp`. */
  hidden?: number[];
}

export interface ArchitectureDescriptor {
  readonly name: ArchName;
  layers(options: ArchOptions): LayerOp[];
}

function convFamily(name: 'conv2' | 'conv4' | 'conv6' | 'conv8'): ArchitectureDescriptor {
  const blocks = Number(name.slice(4)) / 2;
  return {
    name,
    layers: () => [
      ...[64, 128, 256, 512].slice(0, blocks).flatMap((c): LayerOp[] => [{ conv: c }, 'relu', { conv: c }, 'relu', 'pool']),
      'flatten',
      { dense: 256 },
      'relu',
      { dense: 256 },
      'relu',
      { dense: 'classes' },
    ],
  };
}

export const ARCHITECTURES: readonly ArchitectureDescriptor[] = [
  {
    name: 'lenet',
    layers: () => [{ conv: 32 }, 'relu', { conv: 64 }, 'relu', 'pool', 'flatten', { dense: 128 }, 'relu', { dense: 'classes' }],
  },
  convFamily('conv2'),
  convFamily('conv4'),
  convFamily('conv6'),
  convFamily('conv8'),
  {
    name: 'mlp',
    layers: ({ hidden = [300, 100] }) => [
      'flatten',
      ...hidden.flatMap((units): LayerOp[] => [{ dense: units }, 'relu']),
      { dense: 'classes' },
    ],
  },
];

export const ARCH_NAMES: readonly ArchName[] = ARCHITECTURES.map((a) => a.name);

/** A built-in architecture on an input shape. */
export function buildArchitecture(name: ArchName, input: InputShape, options: ArchOptions = {}): Architecture {
  const d = ARCHITECTURES.find((a) => a.name === name);
  if (!d) throw new ArchitectureError(`unknown architecture '${String(name)}', expected one of ${ARCH_NAMES.join(', ')}`);
  return architectureFromLayers(name, d.layers(options), input);
}
