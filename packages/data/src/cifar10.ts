/**
 * CIFAR-10 binary-format reader: data_batch_1..5.bin (train) and test_batch.bin (test), each a
 * sequence of 3073-byte records (1 label byte, then 32x32 red, green and blue planes). Converted
 * to NHWC float32 normalized with the per-channel CIFAR-10 constants. Files may be in `dir` or
 * in `dir/cifar-10-batches-bin`; `download: true` fetches and unpacks the official tarball.
 */
import { join, resolve } from 'node:path';
import { CIFAR10_SUBDIR, CIFAR10_TEST_FILE, CIFAR10_TRAIN_FILES, CIFAR10_URL, defaultDataDir } from './catalog.js';
import { DataError } from './errors.js';
import { maybeGunzip, readMaybeGzipped } from './gzip.js';
import { byteLut, CIFAR10_MEAN, CIFAR10_STD } from './normalization.js';
import { makeDataset } from './dataset.js';
import { isDirectory, isFile } from './paths.js';
import { fetchBytes, writeAtomic } from './download.js';
import { readTar } from './tar.js';
import type { Dataset, DatasetSplits } from './types.js';
import { sharedFloat32Array } from './shared-arrays.js';

const SIDE = 32;
const PLANE = SIDE * SIDE;
const RECORD = 1 + 3 * PLANE;
const NUM_CLASSES = 10;

export interface CifarBatch {
  /** Raw records, unchanged (label byte + CHW planes each). */
  records: Uint8Array;
  count: number;
  file: string;
}

/** Validates one batch file's bytes. */
export function parseCifarBatch(buf: Uint8Array, file: string): CifarBatch {
  if (buf.length === 0 || buf.length % RECORD !== 0) {
    throw new DataError(file, `${file}: expected a CIFAR-10 batch of 3073-byte records, found ${buf.length} bytes (not a multiple)`);
  }
  const count = buf.length / RECORD;
  for (let r = 0; r < count; r++) {
    const label = buf[r * RECORD];
    if (label >= NUM_CLASSES) {
      throw new DataError(file, `${file}: expected labels in 0..9, found ${label} in record ${r}`);
    }
  }
  return { records: buf, count, file };
}

/** Concatenates batches into one NHWC normalized Dataset. */
export function cifarBatchesToDataset(batches: readonly CifarBatch[], name = 'cifar10'): Dataset {
  const count = batches.reduce((s, b) => s + b.count, 0);
  const images = sharedFloat32Array(count * 3 * PLANE);
  const labels = new Uint8Array(count);
  const luts = [0, 1, 2].map((c) => byteLut(CIFAR10_MEAN[c], CIFAR10_STD[c]));
  let n = 0;
  for (const b of batches) {
    for (let r = 0; r < b.count; r++, n++) {
      const off = r * RECORD;
      labels[n] = b.records[off];
      const outBase = n * 3 * PLANE;
      for (let c = 0; c < 3; c++) {
        const lut = luts[c];
        const src = off + 1 + c * PLANE;
        for (let p = 0; p < PLANE; p++) images[outBase + p * 3 + c] = lut[b.records[src + p]];
      }
    }
  }
  return makeDataset({ name, height: SIDE, width: SIDE, channels: 3, numClasses: NUM_CLASSES }, images, labels);
}

const ALL_FILES = [...CIFAR10_TRAIN_FILES, CIFAR10_TEST_FILE];

async function missingIn(dir: string): Promise<string[]> {
  const missing: string[] = [];
  for (const f of ALL_FILES) if (!(await isFile(join(dir, f)))) missing.push(f);
  return missing;
}

/** Downloads the official tarball and writes its .bin files into `dir/cifar-10-batches-bin`. */
async function downloadCifar10(dir: string): Promise<void> {
  const tgz = await fetchBytes([CIFAR10_URL], 'data.download');
  const entries = readTar(await maybeGunzip(tgz, CIFAR10_URL), CIFAR10_URL);
  for (const e of entries) {
    const base = e.name.split('/').pop() ?? '';
    if (ALL_FILES.includes(base)) await writeAtomic(join(dir, CIFAR10_SUBDIR, base), e.data);
  }
}

export interface CifarLoadOptions {
  dir?: string;
  download?: boolean;
}

/** Loads CIFAR-10 from its binary batches. */
export async function loadCifar10(opts: CifarLoadOptions): Promise<DatasetSplits> {
  const expected = `${ALL_FILES.join(', ')} (in it or in its ${CIFAR10_SUBDIR}/)`;
  const hasDir = opts.dir !== undefined && opts.dir !== '';
  const dir = hasDir ? resolve(opts.dir as string) : defaultDataDir('cifar10');
  if (!hasDir && !opts.download && !(await isDirectory(dir))) {
    throw new DataError(
      'data.dir',
      `cifar10: no data.dir given and ${dir} does not exist; expected a directory holding ${expected} (or set data.download: true)`,
    );
  }
  if (!(await isDirectory(dir)) && !opts.download) {
    throw new DataError('data.dir', `cifar10: directory ${dir} does not exist; expected it to hold ${expected}`);
  }
  const sub = join(dir, CIFAR10_SUBDIR);
  const lacking = async (d: string): Promise<string[]> => ((await isDirectory(d)) ? missingIn(d) : ALL_FILES);
  const [top, firstSub] = await Promise.all([lacking(dir), lacking(sub)]);
  let inSub = firstSub;
  if (top.length > 0 && inSub.length > 0 && opts.download) {
    await downloadCifar10(dir);
    inSub = await lacking(sub);
  }
  const where = top.length === 0 ? dir : inSub.length === 0 ? sub : undefined;
  if (where === undefined) {
    const [d, m] = inSub.length < top.length ? [sub, inSub] : [dir, top];
    throw new DataError('data.dir', `cifar10: ${d} lacks ${m.join(', ')}; expected ${expected}`);
  }
  const read = async (f: string): Promise<CifarBatch> => {
    const file = join(where, f);
    return parseCifarBatch(await readMaybeGzipped(file), file);
  };
  const trainBatches = await Promise.all(CIFAR10_TRAIN_FILES.map(read));
  const testBatch = await read(CIFAR10_TEST_FILE);
  return { train: cifarBatchesToDataset(trainBatches), test: cifarBatchesToDataset([testBatch]), source: where };
}
