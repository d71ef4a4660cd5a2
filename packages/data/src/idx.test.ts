/** Tests for the IDX reader: raw and gzipped files, and the DataErrors for bad files. */
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { encodeIdx, parseIdx, readIdxFile } from './idx.js';
import { DataError } from './errors.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fedrank-idx-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function expectDataError(p: Promise<unknown>, file: string, pattern: RegExp): Promise<void> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DataError);
  const de = err as DataError;
  expect(de.field).toBe(file);
  expect(de.exitCode).toBe(2);
  expect(de.message).toContain(file);
  expect(de.message).toMatch(pattern);
  expect(de.message).not.toContain('\n');
}

const images = Uint8Array.from({ length: 3 * 4 * 5 }, (_, i) => (i * 7) % 256);

describe('IDX reader', () => {
  it('round-trips encodeIdx/parseIdx', () => {
    const parsed = parseIdx(encodeIdx([3, 4, 5], images), 'mem');
    expect(parsed.dims).toEqual([3, 4, 5]);
    expect(Array.from(parsed.data)).toEqual(Array.from(images));
  });

  it('reads a raw file', async () => {
    const f = join(dir, 'raw-idx3-ubyte');
    await writeFile(f, encodeIdx([3, 4, 5], images));
    const parsed = await readIdxFile(f);
    expect(parsed.dims).toEqual([3, 4, 5]);
    expect(Array.from(parsed.data)).toEqual(Array.from(images));
  });

  it('reads a gzipped file, detected by magic bytes not by name', async () => {
    const f = join(dir, 'gz-no-suffix');
    await writeFile(f, gzipSync(encodeIdx([3, 4, 5], images)));
    const parsed = await readIdxFile(f);
    expect(parsed.dims).toEqual([3, 4, 5]);
    expect(Array.from(parsed.data)).toEqual(Array.from(images));
    const labels = join(dir, 'labels-idx1-ubyte.gz');
    await writeFile(labels, gzipSync(encodeIdx([6], Uint8Array.of(0, 1, 2, 3, 4, 9))));
    expect((await readIdxFile(labels)).dims).toEqual([6]);
  });

  it('missing file -> DataError naming it', async () => {
    const f = join(dir, 'nope-idx1-ubyte');
    await expectDataError(readIdxFile(f), f, /expected a readable file/);
  });

  it('wrong magic -> DataError naming the file', async () => {
    const f = join(dir, 'bad-magic');
    const buf = encodeIdx([2], Uint8Array.of(1, 2));
    buf[0] = 0x50;
    await writeFile(f, buf);
    await expectDataError(readIdxFile(f), f, /magic/);
  });

  it('unsupported element type -> DataError', async () => {
    const f = join(dir, 'bad-type');
    const buf = encodeIdx([2], Uint8Array.of(1, 2));
    buf[2] = 0x0d;
    await writeFile(f, buf);
    await expectDataError(readIdxFile(f), f, /data type 0x08/);
  });

  it('truncated payload, header and gzip stream -> DataError naming the file', async () => {
    const full = encodeIdx([3, 4, 5], images);
    const f1 = join(dir, 'trunc-payload');
    await writeFile(f1, full.subarray(0, full.length - 10));
    await expectDataError(readIdxFile(f1), f1, /truncated IDX payload.*need 60 bytes, found 50/);

    const f2 = join(dir, 'trunc-header');
    await writeFile(f2, full.subarray(0, 9));
    await expectDataError(readIdxFile(f2), f2, /truncated IDX header/);

    const f3 = join(dir, 'trunc.gz');
    const gz = gzipSync(full);
    await writeFile(f3, gz.subarray(0, gz.length - 8));
    await expectDataError(readIdxFile(f3), f3, /gzip/);

    const f4 = join(dir, 'too-long');
    await writeFile(f4, Buffer.concat([full, Buffer.from([1, 2, 3])]));
    await expectDataError(readIdxFile(f4), f4, /oversized/);

    const f5 = join(dir, 'empty');
    await writeFile(f5, new Uint8Array(0));
    await expectDataError(readIdxFile(f5), f5, /expected an IDX file/);
  });

  it('gzip bomb: decompression stops once past the size the IDX header promises', async () => {
    const f = join(dir, 'bomb.gz');
    await writeFile(f, gzipSync(Buffer.concat([encodeIdx([3, 4, 5], images), new Uint8Array(4 << 20)])));
    await expectDataError(readIdxFile(f), f, /decompresses to more than the 76 bytes its header promises/);
  });
});
