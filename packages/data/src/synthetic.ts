/**
 * `synthetic`: a seeded, fast, learnable stand-in for an image dataset. Each class has a random
 * prototype image (Gaussian values on a coarse 4x4-pixel grid, so it has spatial structure a
 * convolution can pick up); a sample is its class prototype plus per-pixel Gaussian noise,
 * scaled to unit variance overall. Classes are balanced; the same seed gives the same data.
 */
import { Rng } from '@fedrank/random';
import { DataError } from './errors.js';
import { makeDataset, type DatasetShape } from './dataset.js';
import type { Dataset, DatasetSplits, SyntheticSpec } from './types.js';
import { sharedFloat32Array } from './shared-arrays.js';

export const SYNTHETIC_DEFAULTS: Required<SyntheticSpec> = {
  trainSize: 2000,
  testSize: 500,
  height: 28,
  width: 28,
  channels: 1,
  numClasses: 10,
  seed: 1,
  noise: 1.0,
};

const CELL = 4;

function checkInt(key: keyof SyntheticSpec, v: number, min: number, max: number): void {
  if (!Number.isInteger(v) || v < min || v > max) {
    throw new DataError(`data.synthetic.${key}`, `data.synthetic.${key}: expected an integer in ${min}..${max}, got ${v}`);
  }
}

/** Fills in defaults and validates. */
export function resolveSyntheticSpec(spec: SyntheticSpec = {}): Required<SyntheticSpec> {
  const s: Required<SyntheticSpec> = { ...SYNTHETIC_DEFAULTS };
  for (const [k, v] of Object.entries(spec) as [keyof SyntheticSpec, number | undefined][]) {
    if (v !== undefined) s[k] = v;
  }
  checkInt('trainSize', s.trainSize, 1, 10_000_000);
  checkInt('testSize', s.testSize, 1, 10_000_000);
  checkInt('height', s.height, 1, 4096);
  checkInt('width', s.width, 1, 4096);
  checkInt('channels', s.channels, 1, 64);
  checkInt('numClasses', s.numClasses, 2, 256);
  checkInt('seed', s.seed, -0x80000000, 0xffffffff);
  if (!(Number.isFinite(s.noise) && s.noise >= 0)) {
    throw new DataError('data.synthetic.noise', `data.synthetic.noise: expected a finite number >= 0, got ${s.noise}`);
  }
  return s;
}

/** One prototype per class, each H*W*C in NHWC order. */
function prototypes(s: Required<SyntheticSpec>, rng: Rng): Float32Array[] {
  const gh = Math.ceil(s.height / CELL);
  const gw = Math.ceil(s.width / CELL);
  const out: Float32Array[] = [];
  for (let k = 0; k < s.numClasses; k++) {
    const grid = new Float64Array(gh * gw * s.channels);
    for (let i = 0; i < grid.length; i++) grid[i] = rng.normal();
    const img = new Float32Array(s.height * s.width * s.channels);
    for (let y = 0; y < s.height; y++) {
      for (let x = 0; x < s.width; x++) {
        const g = (Math.floor(y / CELL) * gw + Math.floor(x / CELL)) * s.channels;
        const p = (y * s.width + x) * s.channels;
        for (let c = 0; c < s.channels; c++) img[p + c] = grid[g + c];
      }
    }
    out.push(img);
  }
  return out;
}

function sample(count: number, protos: Float32Array[], s: Required<SyntheticSpec>, shape: DatasetShape, rng: Rng): Dataset {
  const per = s.height * s.width * s.channels;
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) labels[i] = i % s.numClasses;
  rng.shuffle(labels);
  const scale = 1 / Math.sqrt(1 + s.noise * s.noise);
  const images = sharedFloat32Array(count * per);
  for (let i = 0; i < count; i++) {
    const proto = protos[labels[i]];
    const base = i * per;
    for (let p = 0; p < per; p++) images[base + p] = (proto[p] + s.noise * rng.normal()) * scale;
  }
  return makeDataset(shape, images, labels);
}

/** Generates the synthetic train/test splits. */
export function makeSynthetic(spec: SyntheticSpec = {}): DatasetSplits {
  const s = resolveSyntheticSpec(spec);
  const rng = new Rng(s.seed);
  const protos = prototypes(s, rng.derive('prototypes'));
  const shape: DatasetShape = { name: 'synthetic', height: s.height, width: s.width, channels: s.channels, numClasses: s.numClasses };
  const train = sample(s.trainSize, protos, s, shape, rng.derive('train'));
  const test = sample(s.testSize, protos, s, shape, rng.derive('test'));
  const source = `synthetic(seed=${s.seed}, ${s.trainSize}+${s.testSize} samples, ${s.height}x${s.width}x${s.channels}, ${s.numClasses} classes, noise=${s.noise})`;
  return { train, test, source };
}
