/**
 * The saved global model of a run: `model.json` (kind, architecture name and layer list, input
 * shape, keep fraction, mask rule, layer shapes) beside `weights.bin` and, for supermasks, `scores.bin` (float32,
 * little-endian). Supermask: each layer's frozen weights and final scores, concatenated in layer
 * order. Dense: the flat trained parameters (per layer its weights, then its bias). Enough to
 * rebuild and evaluate the network (`inferenceWeights`).
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  ArchitectureError,
  architectureFromLayers,
  buildArchitecture,
  parseLayerList,
  type ArchName,
  type Architecture,
  type InputShape,
  type LayerOp,
  type MaskRule,
} from '@fedrank/supermask';
import { MODEL_KINDS, modelKindByName, type ModelKindName } from './model-kinds/index.js';
import type { FinalModel } from './run-federation.js';

interface ModelManifest {
  format: 'fedrank-model/1';
  kind: ModelKindName;
  /** The architecture's name: a built-in's, a plugin's kind or an inline list's name. */
  arch: string;
  /** The layer list the network is built from (models saved before it was recorded hold a built-in's name and `hidden` only). */
  network?: LayerOp[];
  input: InputShape;
  hidden?: number[];
  keep: number;
  maskRule: MaskRule;
  layers: { name: string; shape: number[]; size: number }[];
}

export class CheckpointError extends Error {
  readonly exitCode = 2;
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'CheckpointError';
  }
}

function concat(layers: readonly Float32Array[]): Buffer {
  const total = layers.reduce((s, l) => s + l.length, 0);
  const out = new Float32Array(total);
  let off = 0;
  for (const l of layers) {
    out.set(l, off);
    off += l.length;
  }
  return Buffer.from(out.buffer, out.byteOffset, out.byteLength);
}

export async function saveModel(dir: string, model: FinalModel): Promise<void> {
  await mkdir(dir, { recursive: true });
  const manifest: ModelManifest = {
    format: 'fedrank-model/1',
    kind: model.kind,
    arch: model.arch.name,
    network: model.arch.layerList,
    input: model.arch.input,
    keep: model.keep,
    maskRule: model.maskRule,
    layers: model.arch.layers.map((l) => ({ name: l.name, shape: l.shape, size: l.size })),
  };
  await writeFile(join(dir, 'model.json'), JSON.stringify(manifest, null, 2) + '\n');
  await writeFile(join(dir, 'weights.bin'), concat(model.weights));
  if (modelKindByName(model.kind).savedLayout(model.arch).scores) await writeFile(join(dir, 'scores.bin'), concat(model.scores));
}

function split(buf: Buffer, sizes: readonly number[], file: string): Float32Array[] {
  const total = sizes.reduce((a, b) => a + b, 0);
  if (buf.byteLength !== total * 4) throw new CheckpointError(`expected ${total * 4} bytes, found ${buf.byteLength}`, file);
  const all = new Float32Array(total);
  new Uint8Array(all.buffer).set(buf);
  const out: Float32Array[] = [];
  let off = 0;
  for (const n of sizes) {
    out.push(all.subarray(off, off + n));
    off += n;
  }
  return out;
}

/** The architecture model.json describes, checked against the layer shapes it lists. */
function savedArchitecture(manifest: ModelManifest, file: string): Architecture {
  let arch: Architecture;
  try {
    arch =
      manifest.network === undefined
        ? buildArchitecture(manifest.arch as ArchName, manifest.input, { hidden: manifest.hidden })
        : architectureFromLayers(String(manifest.arch), parseLayerList(manifest.network, 'network'), manifest.input, 'network');
  } catch (e) {
    if (e instanceof ArchitectureError) throw new CheckpointError(e.message, file);
    throw e;
  }
  const shapes = JSON.stringify(arch.layers.map((l) => l.shape));
  if (Array.isArray(manifest.layers) && JSON.stringify(manifest.layers.map((l) => l.shape)) !== shapes) {
    throw new CheckpointError(`layers: the listed layer shapes differ from those of the network (${shapes})`, file);
  }
  return arch;
}

export async function loadModel(dir: string): Promise<FinalModel> {
  const manifestPath = join(dir, 'model.json');
  let manifest: ModelManifest;
  try {
    manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as ModelManifest;
  } catch (e) {
    throw new CheckpointError(`cannot read a saved model (${(e as Error).message.split('\n')[0]})`, manifestPath);
  }
  if (manifest.format !== 'fedrank-model/1') throw new CheckpointError(`unknown format '${String(manifest.format)}'`, manifestPath);
  const arch = savedArchitecture(manifest, manifestPath);
  const read = async (name: string, sizes: number[]): Promise<Float32Array[]> => {
    const file = join(dir, name);
    let buf: Buffer;
    try {
      buf = await readFile(file);
    } catch (e) {
      throw new CheckpointError(`cannot read (${(e as NodeJS.ErrnoException).code ?? String(e)})`, file);
    }
    return split(buf, sizes, file);
  };
  if (!MODEL_KINDS.some((k) => k.name === manifest.kind)) {
    throw new CheckpointError(
      `unknown model kind '${String(manifest.kind)}' (one of ${MODEL_KINDS.map((k) => k.name).join(', ')})`,
      manifestPath,
    );
  }
  const layout = modelKindByName(manifest.kind).savedLayout(arch);
  const weights = await read('weights.bin', layout.weights);
  const scores = layout.scores ? await read('scores.bin', layout.scores) : [];
  return { kind: manifest.kind, arch, weights, scores, keep: manifest.keep, maskRule: manifest.maskRule };
}

/** The weights (and biases) a saved model computes with. */
export function inferenceWeights(model: FinalModel): { weights: Float32Array[]; biases?: Float32Array[] } {
  const kind = modelKindByName(model.kind);
  const { params, constants } = kind.fromSaved(model, model.keep, model.maskRule);
  return kind.inference(model.arch, constants, params);
}
