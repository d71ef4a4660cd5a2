/** Tests for the download helpers against a local HTTP server (no internet needed). */
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readFile, rm, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { downloadFile } from './download.js';
import { encodeIdx } from './idx.js';
import { loadIdxDataset } from './mnist.js';
import { DataError } from './errors.js';

let server: Server;
let base: string;
let dir: string;
const payload = Buffer.from('hello idx');
const mirror: Record<string, Uint8Array> = {
  'train-images-idx3-ubyte.gz': gzipSync(encodeIdx([3, 2, 2], new Uint8Array(12).fill(255))),
  'train-labels-idx1-ubyte.gz': gzipSync(encodeIdx([3], Uint8Array.of(1, 2, 3))),
  't10k-images-idx3-ubyte.gz': gzipSync(encodeIdx([1, 2, 2], new Uint8Array(4))),
  't10k-labels-idx1-ubyte.gz': gzipSync(encodeIdx([1], Uint8Array.of(4))),
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fedrank-dl-'));
  server = createServer((req, res) => {
    const name = req.url?.startsWith('/mirror/') ? req.url.slice('/mirror/'.length) : '';
    if (req.url === '/good/file.gz') {
      res.writeHead(200);
      res.end(payload);
    } else if (mirror[name] !== undefined) {
      res.writeHead(200);
      res.end(mirror[name]);
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((ok) => server.close(() => ok()));
  await rm(dir, { recursive: true, force: true });
});

describe('downloadFile', () => {
  it('falls back to the next base URL and writes the file atomically', async () => {
    const dest = join(dir, 'sub', 'file.gz');
    await downloadFile([`${base}/missing/`, `${base}/good/`], 'file.gz', dest);
    expect(await readFile(dest)).toEqual(payload);
    expect(await readdir(join(dir, 'sub'))).toEqual(['file.gz']);
  });

  it('fails with a DataError on data.download when no URL answers', async () => {
    const e = await downloadFile([`${base}/a/`, `${base}/b/`], 'file.gz', join(dir, 'x.gz')).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(DataError);
    expect((e as DataError).field).toBe('data.download');
    expect((e as DataError).message).toMatch(/HTTP 404.*HTTP 404/);
  });
});

describe('loadIdxDataset with download: true', () => {
  it('fetches the four missing files into dir, then loads them', async () => {
    const target = join(dir, 'mnist');
    const s = await loadIdxDataset('mnist', { dir: target, download: true, mirrors: [`${base}/mirror/`] });
    expect(s.train.count).toBe(3);
    expect(Array.from(s.test.labels)).toEqual([4]);
    expect((await readdir(target)).sort()).toEqual(Object.keys(mirror).sort());
    // A second load finds the files and does not need the server.
    const again = await loadIdxDataset('mnist', { dir: target, download: true, mirrors: [`${base}/nothing-here/`] });
    expect(Array.from(again.train.labels)).toEqual([1, 2, 3]);
  });
});
