/** Tests for the CIFAR-10 binary reader on tiny batch files generated here (not the real dataset). */
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cifarBatchesToDataset, loadCifar10, parseCifarBatch } from './cifar10.js';
import { DataError } from './errors.js';
import { CIFAR10_MEAN, CIFAR10_STD } from './normalization.js';

const RECORD = 3073;

/** `n` records; record r has label r % 10 and pixel (c, y, x) = (r + 3c + y + 2x) mod 256. */
function batch(n: number, firstLabel = 0): Uint8Array {
  const buf = new Uint8Array(n * RECORD);
  for (let r = 0; r < n; r++) {
    buf[r * RECORD] = (firstLabel + r) % 10;
    for (let c = 0; c < 3; c++)
      for (let y = 0; y < 32; y++) for (let x = 0; x < 32; x++) buf[r * RECORD + 1 + c * 1024 + y * 32 + x] = (r + 3 * c + y + 2 * x) % 256;
  }
  return buf;
}

const norm = (b: number, c: number): number => (b / 255 - CIFAR10_MEAN[c]) / CIFAR10_STD[c];

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'fedrank-cifar-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function writeBatches(dir: string, skip?: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (let i = 1; i <= 5; i++) if (`data_batch_${i}.bin` !== skip) await writeFile(join(dir, `data_batch_${i}.bin`), batch(2, i));
  if (skip !== 'test_batch.bin') await writeFile(join(dir, 'test_batch.bin'), batch(3));
}

describe('CIFAR-10 reader', () => {
  it('converts CHW records to normalized NHWC', () => {
    const ds = cifarBatchesToDataset([parseCifarBatch(batch(2), 'mem')]);
    expect([ds.count, ds.height, ds.width, ds.channels, ds.numClasses]).toEqual([2, 32, 32, 3, 10]);
    expect(Array.from(ds.labels)).toEqual([0, 1]);
    for (const [r, y, x, c] of [
      [0, 0, 0, 0],
      [0, 0, 1, 2],
      [1, 5, 7, 1],
      [1, 31, 31, 2],
    ]) {
      const got = ds.images[((r * 32 + y) * 32 + x) * 3 + c];
      expect(got).toBeCloseTo(norm((r + 3 * c + y + 2 * x) % 256, c), 5);
    }
  });

  it('loads the six batch files from dir or dir/cifar-10-batches-bin', async () => {
    const flat = join(root, 'flat');
    await writeBatches(flat);
    const s = await loadCifar10({ dir: flat });
    expect(s.source).toBe(flat);
    expect(s.train.count).toBe(10);
    expect(s.test.count).toBe(3);
    expect(Array.from(s.train.labels)).toEqual([1, 2, 2, 3, 3, 4, 4, 5, 5, 6]);

    const nested = join(root, 'nested');
    await writeBatches(join(nested, 'cifar-10-batches-bin'));
    const t = await loadCifar10({ dir: nested });
    expect(t.source).toBe(join(nested, 'cifar-10-batches-bin'));
    expect(t.train.count).toBe(10);
  });

  it('missing dir / files -> DataError on data.dir naming what is missing', async () => {
    const e1 = await loadCifar10({ dir: join(root, 'absent') }).catch((e: unknown) => e);
    expect(e1).toBeInstanceOf(DataError);
    expect((e1 as DataError).field).toBe('data.dir');
    expect((e1 as DataError).message).toContain(join(root, 'absent'));
    expect((e1 as DataError).message).toContain('data_batch_1.bin');

    const partial = join(root, 'partial');
    await writeBatches(partial, 'data_batch_4.bin');
    const e2 = await loadCifar10({ dir: partial }).catch((e: unknown) => e);
    expect(e2).toBeInstanceOf(DataError);
    expect((e2 as DataError).message).toMatch(/lacks data_batch_4\.bin;/);

    const cwd = process.cwd();
    process.chdir(root);
    try {
      const e3 = await loadCifar10({}).catch((e: unknown) => e);
      expect((e3 as DataError).field).toBe('data.dir');
      expect((e3 as DataError).message).toMatch(/no data.dir given/);
    } finally {
      process.chdir(cwd);
    }
  });

  it('a batch of the wrong size or with a bad label -> DataError naming the file', async () => {
    const bad = join(root, 'bad');
    await writeBatches(bad);
    const f = join(bad, 'test_batch.bin');
    await writeFile(f, batch(3).subarray(0, 3 * RECORD - 1));
    const e = await loadCifar10({ dir: bad }).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(DataError);
    expect((e as DataError).field).toBe(f);
    const labelled = batch(1);
    labelled[0] = 10;
    expect(() => parseCifarBatch(labelled, 'x.bin')).toThrow(/labels in 0..9, found 10/);
  });
});
