/**
 * A network given as a layer list, the form every architecture takes (built-in or a user's) and
 * the form that travels: to client threads in their setup message and into a saved model's
 * model.json, so neither needs the module that produced it.
 *
 * Layers, applied in order to an NHWC input:
 * - `{ conv: C }`: a bias-free 3x3 convolution to C channels, stride 1, 'same' padding;
 * - `relu`;
 * - `pool`: 2x2 max pooling, stride 2 (odd sizes floor);
 * - `flatten`: NHWC to a vector; it comes once, before the first dense layer;
 * - `{ dense: N }` or `{ dense: classes }`: a bias-free fully connected layer to N units (or to
 *   the dataset's class count).
 * The list ends with the dense layer that gives the logits (one unit per class). Each conv and
 * dense layer is one supermask layer whose edges are its weight tensor in tfjs layout.
 */
import type { Architecture, InputShape, LayerSpec, Op } from './architecture-types.js';
import { ArchitectureError } from './architecture-types.js';

export type LayerOp = { conv: number } | { dense: number | 'classes' } | 'relu' | 'pool' | 'flatten';

/** Largest width of one layer (channels or units): beyond it the edge count alone would not fit in memory. */
export const MAX_LAYER_WIDTH = 1 << 20;

const FORMS = '{conv: channels}, relu, pool, flatten, {dense: units} or {dense: classes}';

function describe(v: unknown): string {
  if (typeof v === 'string') return `'${v}'`;
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

function width(v: unknown, field: string, allowClasses: boolean): number | 'classes' {
  if (allowClasses && v === 'classes') return v;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > MAX_LAYER_WIDTH) {
    throw new ArchitectureError(
      `expected ${allowClasses ? "'classes' or " : ''}a whole number of ${allowClasses ? 'units' : 'channels'} in 1..${MAX_LAYER_WIDTH}, found ${describe(v)}`,
      field,
    );
  }
  return v;
}

/**
 * Checks a layer list given in a config or returned by a plugin and returns it in its normal form.
 * Errors name the element: `model.arch.layers[3]: ...`.
 */
export function parseLayerList(value: unknown, field: string): LayerOp[] {
  if (!Array.isArray(value) || value.length === 0) throw new ArchitectureError(`expected a non-empty list of layers (${FORMS})`, field);
  const out: LayerOp[] = [];
  let flattened = false;
  (value as unknown[]).forEach((v, i) => {
    const at = `${field}[${i}]`;
    if (v === 'relu' || v === 'pool' || v === 'flatten') {
      if (v === 'pool' && flattened) throw new ArchitectureError('pool after flatten: pooling needs an image', at);
      if (v === 'flatten' && flattened) throw new ArchitectureError('a second flatten', at);
      if (v === 'flatten') flattened = true;
      out.push(v);
      return;
    }
    const keys = typeof v === 'object' && v !== null && !Array.isArray(v) ? Object.keys(v as object) : [];
    if (keys.length === 1 && keys[0] === 'conv') {
      if (flattened) throw new ArchitectureError('conv after flatten: a convolution needs an image', at);
      out.push({ conv: width((v as { conv: unknown }).conv, `${at}.conv`, false) as number });
      return;
    }
    if (keys.length === 1 && keys[0] === 'dense') {
      if (!flattened) throw new ArchitectureError('dense before flatten: put flatten before the first dense layer', at);
      out.push({ dense: width((v as { dense: unknown }).dense, `${at}.dense`, true) });
      return;
    }
    throw new ArchitectureError(`expected one of ${FORMS}, found ${describe(v)}`, at);
  });
  const last = out[out.length - 1];
  if (typeof last !== 'object' || !('dense' in last)) {
    throw new ArchitectureError(
      'the last layer must be the dense layer that gives the logits ({dense: classes})',
      `${field}[${out.length - 1}]`,
    );
  }
  return out;
}

/**
 * The architecture a (checked) layer list builds on an input shape: each conv/dense layer's
 * weight shape, size and fan-in, and the forward pass's ops. `field` names the list in errors.
 */
export function architectureFromLayers(name: string, list: readonly LayerOp[], input: InputShape, field = 'model.arch'): Architecture {
  const layers: LayerSpec[] = [];
  const ops: Op[] = [];
  let h = input.height;
  let w = input.width;
  let c = input.channels;
  let flat = 0;
  list.forEach((l, i) => {
    if (l === 'relu') {
      ops.push({ op: 'relu' });
    } else if (l === 'pool') {
      if (h < 2 || w < 2) {
        throw new ArchitectureError(`${name} needs a larger input than ${input.height}x${input.width}: too many pooling layers`, field);
      }
      ops.push({ op: 'pool' });
      h = Math.floor(h / 2);
      w = Math.floor(w / 2);
    } else if (l === 'flatten') {
      ops.push({ op: 'flatten' });
      flat = h * w * c;
    } else if ('conv' in l) {
      const cOut = l.conv;
      layers.push({
        name: `conv${layers.length + 1}`,
        kind: 'conv',
        units: cOut,
        shape: [3, 3, c, cOut],
        size: 9 * c * cOut,
        fanIn: 9 * c,
      });
      ops.push({ op: 'conv' });
      c = cOut;
    } else {
      const out = l.dense === 'classes' ? input.numClasses : l.dense;
      if (i === list.length - 1 && out !== input.numClasses) {
        throw new ArchitectureError(`${name}'s last layer has ${out} units, the data has ${input.numClasses} classes`, field);
      }
      layers.push({ name: `fc${layers.length + 1}`, kind: 'dense', units: out, shape: [flat, out], size: flat * out, fanIn: flat });
      ops.push({ op: 'dense' });
      flat = out;
    }
  });
  return { name, input, layers, ops, layerList: [...list], totalEdges: layers.reduce((s, l) => s + l.size, 0) };
}
