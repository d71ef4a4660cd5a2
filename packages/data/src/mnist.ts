/**
 * Loader for the IDX-format datasets, MNIST and Fashion-MNIST: finds the directory (data.dir,
 * else a system directory such as Debian's /usr/share/datasets/fashion-mnist), optionally
 * downloads missing files, reads the four IDX files and normalizes with the MNIST constants.
 */
import { resolve } from 'node:path';
import { mkdir } from 'node:fs/promises';
import { IDX_DATASETS, defaultDataDir, type IdxDatasetInfo, type IdxDatasetName } from './catalog.js';
import { DataError } from './errors.js';
import { readIdxFile, type IdxArray } from './idx.js';
import { firstExisting, isDirectory } from './paths.js';
import { downloadFile } from './download.js';
import { MNIST_MEAN, MNIST_STD, normalizeBytes } from './normalization.js';
import { makeDataset } from './dataset.js';
import type { Dataset, DatasetSplits } from './types.js';

export interface IdxLoadOptions {
  dir?: string;
  download?: boolean;
  /** Base URLs to download from instead of the dataset's public ones (e.g. a local mirror). */
  mirrors?: readonly string[];
}

const NUM_CLASSES = 10;

/** Accepted on-disk names for one IDX file: gzipped, raw, and the `train-images.idx3-ubyte` variant. */
function candidates(base: string): string[] {
  const dotted = base.replace(/-(idx\d-ubyte)$/, '.$1');
  return [`${base}.gz`, base, dotted];
}

function expectedList(info: IdxDatasetInfo): string {
  return Object.values(info.files)
    .map((f) => `${f}(.gz)`)
    .join(', ');
}

function hint(info: IdxDatasetInfo): string {
  const ways = [info.installHint, 'set data.dir', 'set data.download: true to fetch them'].filter(Boolean);
  return ` (${ways.join(', or ')})`;
}

async function resolveDir(info: IdxDatasetInfo, opts: IdxLoadOptions): Promise<string> {
  if (opts.dir !== undefined && opts.dir !== '') {
    const dir = resolve(opts.dir);
    if (await isDirectory(dir)) return dir;
    if (opts.download) {
      await mkdir(dir, { recursive: true });
      return dir;
    }
    throw new DataError(
      'data.dir',
      `${info.name}: directory ${dir} does not exist; expected it to hold ${expectedList(info)}${hint(info)}`,
    );
  }
  const fallback = defaultDataDir(info.name);
  for (const d of [...info.systemDirs, fallback]) if (await isDirectory(d)) return d;
  if (opts.download) {
    await mkdir(fallback, { recursive: true });
    return fallback;
  }
  const searched = `; looked in ${[...info.systemDirs, fallback].join(', ')}`;
  throw new DataError(
    'data.dir',
    `${info.name}: no data.dir given${searched}; expected a directory holding ${expectedList(info)}${hint(info)}`,
  );
}

async function locateFiles(
  info: IdxDatasetInfo,
  dir: string,
  download: boolean,
  urls: readonly string[],
): Promise<Record<keyof IdxDatasetInfo['files'], string>> {
  const keys = Object.keys(info.files) as (keyof IdxDatasetInfo['files'])[];
  const found: Partial<Record<keyof IdxDatasetInfo['files'], string>> = {};
  const missing: string[] = [];
  for (const key of keys) {
    const base = info.files[key];
    let path = await firstExisting(dir, candidates(base));
    if (path === undefined && download) {
      path = resolve(dir, `${base}.gz`);
      await downloadFile(urls, `${base}.gz`, path);
    }
    if (path === undefined) missing.push(`${base}(.gz)`);
    else found[key] = path;
  }
  if (missing.length > 0) {
    throw new DataError('data.dir', `${info.name}: ${dir} lacks ${missing.join(', ')}; expected ${expectedList(info)}${hint(info)}`);
  }
  return found as Record<keyof IdxDatasetInfo['files'], string>;
}

function toDataset(name: string, images: IdxArray, labels: IdxArray, imageFile: string, labelFile: string): Dataset {
  if (images.dims.length !== 3) {
    throw new DataError(imageFile, `${imageFile}: expected a 3-D IDX image array, found dims ${images.dims.join('x')}`);
  }
  if (labels.dims.length !== 1) {
    throw new DataError(labelFile, `${labelFile}: expected a 1-D IDX label array, found dims ${labels.dims.join('x')}`);
  }
  const [n, h, w] = images.dims;
  if (n === 0) throw new DataError(imageFile, `${imageFile}: holds 0 images; expected at least one`);
  if (h === 0 || w === 0) throw new DataError(imageFile, `${imageFile}: holds ${h}x${w} images; expected at least 1x1 pixels`);
  if (labels.dims[0] !== n) {
    throw new DataError(labelFile, `${labelFile}: expected ${n} labels to match ${imageFile}, found ${labels.dims[0]}`);
  }
  for (let i = 0; i < n; i++) {
    if (labels.data[i] >= NUM_CLASSES) {
      throw new DataError(labelFile, `${labelFile}: expected labels in 0..${NUM_CLASSES - 1}, found ${labels.data[i]} at index ${i}`);
    }
  }
  const pixels = normalizeBytes(images.data, MNIST_MEAN, MNIST_STD);
  return makeDataset({ name, height: h, width: w, channels: 1, numClasses: NUM_CLASSES }, pixels, labels.data.slice());
}

/** Loads MNIST or Fashion-MNIST from IDX files. */
export async function loadIdxDataset(name: IdxDatasetName, opts: IdxLoadOptions = {}): Promise<DatasetSplits> {
  const info = IDX_DATASETS[name];
  const dir = await resolveDir(info, opts);
  const files = await locateFiles(info, dir, opts.download === true, opts.mirrors ?? info.urls);
  const [trI, trL, teI, teL] = await Promise.all([
    readIdxFile(files.trainImages),
    readIdxFile(files.trainLabels),
    readIdxFile(files.testImages),
    readIdxFile(files.testLabels),
  ]);
  const train = toDataset(name, trI, trL, files.trainImages, files.trainLabels);
  const test = toDataset(name, teI, teL, files.testImages, files.testLabels);
  if (train.height !== test.height || train.width !== test.width) {
    throw new DataError(
      files.testImages,
      `${files.testImages}: expected ${train.height}x${train.width} images like the training set, found ${test.height}x${test.width}`,
    );
  }
  return { train, test, source: dir };
}
