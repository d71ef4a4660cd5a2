/**
 * The shape of a network as supermask and dense training see it: its input, its weight layers
 * (conv and dense, each one supermask layer) and the forward pass's ops. Every layer is
 * bias-free, as in the FRL reference; a layer's edges are the entries of its weight tensor in
 * tfjs layout (conv: [kh, kw, cIn, cOut], dense: [in, out]).
 */
import type { LayerOp } from './layer-list.js';

export interface InputShape {
  height: number;
  width: number;
  channels: number;
  numClasses: number;
}

export interface LayerSpec {
  name: string;
  /** Output channels (conv) or units (dense): the size of the layer's bias in dense training. */
  units: number;
  kind: 'conv' | 'dense';
  /** tfjs weight shape: conv [kh, kw, cIn, cOut]; dense [in, out]. */
  shape: number[];
  /** Number of edges (weights) in the layer. */
  size: number;
  /** Fan-in used by the Kaiming initialisations: kh*kw*cIn for conv, in for dense. */
  fanIn: number;
}

/** One step of the forward pass; `conv` and `dense` consume the next layer's weight. */
export type Op = { op: 'conv' } | { op: 'relu' } | { op: 'pool' } | { op: 'flatten' } | { op: 'dense' };

export interface Architecture {
  /** A built-in's name (lenet, conv8, ...), a plugin's kind, or the name given to an inline layer list. */
  name: string;
  input: InputShape;
  layers: LayerSpec[];
  ops: Op[];
  /** The layer list it was built from: what client threads and saved models carry. */
  layerList: LayerOp[];
  /** Total edges over all layers. */
  totalEdges: number;
}

/** A network that cannot be built; the message starts with the field (`model.arch.layers[3]: ...`). */
export class ArchitectureError extends Error {
  readonly exitCode = 2;
  constructor(
    /** What is wrong, without the field. */
    readonly reason: string,
    readonly field = 'model.arch',
  ) {
    super(`${field}: ${reason}`);
    this.name = 'ArchitectureError';
  }
}
