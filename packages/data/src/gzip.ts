/**
 * Reads a file that may or may not be gzip-compressed: gzip is recognized by its magic bytes
 * (1f 8b), not by the file name. Read and decompression failures become DataErrors naming the file.
 */
import { readFile } from 'node:fs/promises';
import { gunzip } from 'node:zlib';
import { promisify } from 'node:util';
import { DataError } from './errors.js';

const gunzipAsync = promisify(gunzip);

export function isGzip(buf: Uint8Array): boolean {
  return buf.length >= 2 && buf[0] === 0x1f && buf[1] === 0x8b;
}

/** Decompresses `buf` if it is gzip, else returns it unchanged. `file` names it in errors. */
export async function maybeGunzip(buf: Uint8Array, file: string): Promise<Uint8Array> {
  if (!isGzip(buf)) return buf;
  try {
    return new Uint8Array(await gunzipAsync(buf));
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new DataError(file, `${file}: expected a valid gzip stream, decompression failed (${why})`);
  }
}

/** Reads `file` and transparently gunzips it. */
export async function readMaybeGzipped(file: string): Promise<Uint8Array> {
  let raw: Buffer;
  try {
    raw = await readFile(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new DataError(file, `${file}: expected a readable file (${code ?? String(e)})`);
  }
  return maybeGunzip(new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength), file);
}
