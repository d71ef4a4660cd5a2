/** Tests for the MNIST / Fashion-MNIST loader on tiny IDX files written to a temp directory. */
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { encodeIdx } from './idx.js';
import { loadIdxDataset } from './mnist.js';
import { DataError } from './errors.js';
import { MNIST_MEAN, MNIST_STD } from './normalization.js';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'fedrank-mnist-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Writes a tiny 4x3-pixel dataset: train 5 samples (gzipped), test 2 samples (raw). */
async function writeTiny(dir: string, opts: { skip?: string; testLabels?: number } = {}): Promise<void> {
  await mkdir(dir, { recursive: true });
  const files: [string, Uint8Array, boolean][] = [
    [
      'train-images-idx3-ubyte',
      encodeIdx(
        [5, 4, 3],
        Uint8Array.from({ length: 60 }, (_, i) => i * 4),
      ),
      true,
    ],
    ['train-labels-idx1-ubyte', encodeIdx([5], Uint8Array.of(0, 1, 2, 9, 5)), true],
    [
      't10k-images-idx3-ubyte',
      encodeIdx(
        [2, 4, 3],
        Uint8Array.from({ length: 24 }, () => 255),
      ),
      false,
    ],
    ['t10k-labels-idx1-ubyte', encodeIdx([opts.testLabels ?? 2], new Uint8Array(opts.testLabels ?? 2).fill(3)), false],
  ];
  for (const [name, data, gz] of files) {
    if (name === opts.skip) continue;
    await writeFile(join(dir, gz ? `${name}.gz` : name), gz ? gzipSync(data) : data);
  }
}

async function caught(p: Promise<unknown>): Promise<DataError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(DataError);
  return e as DataError;
}

describe('loadIdxDataset', () => {
  it('reads gz and raw files and normalizes like torchvision (x/255 - 0.1307) / 0.3081', async () => {
    const dir = join(root, 'ok');
    await writeTiny(dir);
    const s = await loadIdxDataset('mnist', { dir });
    expect(s.source).toBe(dir);
    expect(s.train.count).toBe(5);
    expect(s.train.height).toBe(4);
    expect(s.train.width).toBe(3);
    expect(s.train.channels).toBe(1);
    expect(s.train.numClasses).toBe(10);
    expect(Array.from(s.train.labels)).toEqual([0, 1, 2, 9, 5]);
    expect(s.train.images.length).toBe(60);
    expect(s.train.images[0]).toBeCloseTo((0 - MNIST_MEAN) / MNIST_STD, 6);
    expect(s.train.images[10]).toBeCloseTo((40 / 255 - MNIST_MEAN) / MNIST_STD, 6);
    expect(s.test.count).toBe(2);
    expect(s.test.images[23]).toBeCloseTo((1 - MNIST_MEAN) / MNIST_STD, 6);
  });

  it('missing directory -> DataError on data.dir naming it and the expected files', async () => {
    const dir = join(root, 'absent');
    const e = await caught(loadIdxDataset('mnist', { dir }));
    expect(e.field).toBe('data.dir');
    expect(e.exitCode).toBe(2);
    expect(e.message).toContain(dir);
    for (const f of ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte', 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte']) {
      expect(e.message).toContain(f);
    }
    expect(e.message).not.toContain('\n');
  });

  it('fashion-mnist errors suggest the Debian package', async () => {
    const dir = join(root, 'absent-fashion');
    const e = await caught(loadIdxDataset('fashion-mnist', { dir }));
    expect(e.field).toBe('data.dir');
    expect(e.message).toContain('apt-get install dataset-fashion-mnist');
  });

  it('mnist with no dir and no download -> DataError on data.dir (./data/mnist absent)', async () => {
    const cwd = process.cwd();
    process.chdir(root);
    try {
      const e = await caught(loadIdxDataset('mnist', {}));
      expect(e.field).toBe('data.dir');
      expect(e.message).toMatch(/no data.dir given; looked in .*data\/mnist;/);
    } finally {
      process.chdir(cwd);
    }
  });

  it('a missing file is listed by name', async () => {
    const dir = join(root, 'partial');
    await writeTiny(dir, { skip: 't10k-labels-idx1-ubyte' });
    const e = await caught(loadIdxDataset('fashion-mnist', { dir }));
    expect(e.field).toBe('data.dir');
    expect(e.message).toContain(dir);
    expect(e.message).toMatch(/lacks t10k-labels-idx1-ubyte\(\.gz\);/);
  });

  it('label/image count mismatch -> DataError naming the label file', async () => {
    const dir = join(root, 'mismatch');
    await writeTiny(dir, { testLabels: 3 });
    const e = await caught(loadIdxDataset('mnist', { dir }));
    expect(e.field).toBe(join(dir, 't10k-labels-idx1-ubyte'));
    expect(e.message).toMatch(/expected 2 labels/);
  });

  it('accepts the dotted raw names (train-images.idx3-ubyte)', async () => {
    const dir = join(root, 'dotted');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'train-images.idx3-ubyte'), encodeIdx([1, 2, 2], Uint8Array.of(0, 1, 2, 3)));
    await writeFile(join(dir, 'train-labels.idx1-ubyte'), encodeIdx([1], Uint8Array.of(7)));
    await writeFile(join(dir, 't10k-images.idx3-ubyte'), encodeIdx([1, 2, 2], Uint8Array.of(0, 1, 2, 3)));
    await writeFile(join(dir, 't10k-labels.idx1-ubyte'), encodeIdx([1], Uint8Array.of(8)));
    const s = await loadIdxDataset('mnist', { dir });
    expect(s.train.labels[0]).toBe(7);
    expect(s.test.labels[0]).toBe(8);
  });
});
