/**
 * Layer specs of the network architectures for supermask (edge-popup, Ramanujan et al. 2020) and
 * dense training (the forward pass over them is forward.ts).
 * Every layer is bias-free, as in the FRL reference; a layer's edges are the entries of its
 * weight tensor in tfjs layout (conv: [kh, kw, cIn, cOut], dense: [in, out]).
 *
 * - lenet: the FRL reference's MNIST model: conv3x3(c->32), ReLU, conv3x3(32->64), ReLU,
 *   maxpool 2, flatten, dense 128, ReLU, dense classes (1,625,632 edges on 28x28x1).
 * - conv2/conv4/conv6/conv8: edge-popup's family: pairs of 3x3 convs (64, 128, 256, 512
 *   channels) each followed by maxpool 2, then dense 256, 256, classes.
 * - mlp: dense layers with ReLU (hidden sizes configurable, default 300, 100).
 */

export type ArchName = 'lenet' | 'conv2' | 'conv4' | 'conv6' | 'conv8' | 'mlp';
export const ARCH_NAMES: readonly ArchName[] = ['lenet', 'conv2', 'conv4', 'conv6', 'conv8', 'mlp'];

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
type Op = { op: 'conv' } | { op: 'relu' } | { op: 'pool' } | { op: 'flatten' } | { op: 'dense' };

export interface Architecture {
  name: ArchName;
  input: InputShape;
  layers: LayerSpec[];
  ops: Op[];
  /** Total edges over all layers. */
  totalEdges: number;
}

export interface ArchOptions {
  /** Hidden sizes for `mlp`. */
  hidden?: number[];
}

export class ArchitectureError extends Error {
  readonly exitCode = 2;
  constructor(
    message: string,
    readonly field = 'model.arch',
  ) {
    super(message);
    this.name = 'ArchitectureError';
  }
}

export function buildArchitecture(name: ArchName, input: InputShape, options: ArchOptions = {}): Architecture {
  const layers: LayerSpec[] = [];
  const ops: Op[] = [];
  let h = input.height;
  let w = input.width;
  let c = input.channels;
  let flat = 0;

  const conv = (cOut: number): void => {
    const shape = [3, 3, c, cOut];
    layers.push({ name: `conv${layers.length + 1}`, kind: 'conv', units: cOut, shape, size: 9 * c * cOut, fanIn: 9 * c });
    ops.push({ op: 'conv' }, { op: 'relu' });
    c = cOut;
  };
  const pool = (): void => {
    if (h < 2 || w < 2)
      throw new ArchitectureError(`${name} needs a larger input than ${input.height}x${input.width}: too many pooling layers`);
    ops.push({ op: 'pool' });
    h = Math.floor(h / 2);
    w = Math.floor(w / 2);
  };
  const flatten = (): void => {
    ops.push({ op: 'flatten' });
    flat = h * w * c;
  };
  const dense = (out: number, relu: boolean): void => {
    layers.push({ name: `fc${layers.length + 1}`, kind: 'dense', units: out, shape: [flat, out], size: flat * out, fanIn: flat });
    ops.push({ op: 'dense' });
    if (relu) ops.push({ op: 'relu' });
    flat = out;
  };

  switch (name) {
    case 'lenet':
      conv(32);
      conv(64);
      pool();
      flatten();
      dense(128, true);
      dense(input.numClasses, false);
      break;
    case 'conv2':
    case 'conv4':
    case 'conv6':
    case 'conv8': {
      const blocks = Number(name.slice(4)) / 2;
      const widths = [64, 128, 256, 512];
      for (let b = 0; b < blocks; b++) {
        conv(widths[b]);
        conv(widths[b]);
        pool();
      }
      flatten();
      dense(256, true);
      dense(256, true);
      dense(input.numClasses, false);
      break;
    }
    case 'mlp': {
      flatten();
      for (const hdim of options.hidden ?? [300, 100]) dense(hdim, true);
      dense(input.numClasses, false);
      break;
    }
    default:
      throw new ArchitectureError(`unknown architecture '${String(name)}', expected one of ${ARCH_NAMES.join(', ')}`);
  }
  return { name, input, layers, ops, totalEdges: layers.reduce((s, l) => s + l.size, 0) };
}
