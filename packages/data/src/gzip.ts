/**
 * Reads a file that may or may not be gzip-compressed: gzip is recognized by its magic bytes
 * (1f 8b), not by the file name. Decompression is capped: by what the decompressed data's own
 * header promises (`capFor`, e.g. an IDX header's dimensions), else by a sane maximum, and it
 * stops as soon as the cap is passed, so a gzip bomb costs no more memory than the cap. Read and
 * decompression failures become DataErrors naming the file.
 */
import { readFile } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { DataError } from './errors.js';

/** The most any dataset file may decompress to (the largest, CIFAR-10's tarball, is about 180 MB). */
export const MAX_DECOMPRESSED_BYTES = 512 << 20;

/**
 * The cap for a stream from its first decompressed bytes: a byte count, or undefined while
 * `head` is too short to tell. Beyond MAX_DECOMPRESSED_BYTES it is lowered to that.
 */
export type DecompressedCap = (head: Uint8Array) => number | undefined;

export function isGzip(buf: Uint8Array): boolean {
  return buf.length >= 2 && buf[0] === 0x1f && buf[1] === 0x8b;
}

const size = (n: number): string => (n < 1 << 20 ? `${n} bytes` : `${Math.ceil(n / (1 << 20))} MiB`);

/** Decompresses `buf` if it is gzip, else returns it unchanged. `file` names it in errors. */
export async function maybeGunzip(buf: Uint8Array, file: string, capFor?: DecompressedCap): Promise<Uint8Array> {
  if (!isGzip(buf)) return buf;
  const chunks: Buffer[] = [];
  let total = 0;
  let cap: number | undefined;
  let head: Buffer = Buffer.alloc(0);
  return new Promise((done, fail) => {
    const gunzip = createGunzip();
    const stop = (e: DataError): void => {
      gunzip.destroy();
      fail(e);
    };
    gunzip.on('data', (chunk: Buffer) => {
      total += chunk.length;
      if (cap === undefined && capFor) {
        if (head.length < 64) head = Buffer.concat([head, chunk.subarray(0, 64)]);
        const promised = capFor(head);
        if (promised !== undefined) cap = Math.min(promised, MAX_DECOMPRESSED_BYTES);
      }
      const limit = cap ?? MAX_DECOMPRESSED_BYTES;
      if (total > limit) {
        const why =
          cap !== undefined && cap < MAX_DECOMPRESSED_BYTES ? `the ${size(cap)} its header promises` : `${size(limit)}, the limit`;
        stop(new DataError(file, `${file}: decompresses to more than ${why}; a damaged or hostile file (gzip bomb)`));
        return;
      }
      chunks.push(chunk);
    });
    gunzip.on('error', (e) => stop(new DataError(file, `${file}: expected a valid gzip stream, decompression failed (${e.message})`)));
    gunzip.on('end', () => done(new Uint8Array(Buffer.concat(chunks, total))));
    gunzip.end(buf);
  });
}

/** Reads `file` and transparently gunzips it (capped: see maybeGunzip). */
export async function readMaybeGzipped(file: string, capFor?: DecompressedCap): Promise<Uint8Array> {
  let raw: Buffer;
  try {
    raw = await readFile(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new DataError(file, `${file}: expected a readable file (${code ?? String(e)})`);
  }
  return maybeGunzip(new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength), file, capFor);
}
