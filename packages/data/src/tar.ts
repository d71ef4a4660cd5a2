/**
 * Minimal reader for (ustar / GNU) tar archives held in memory: regular files only, enough to
 * unpack the CIFAR-10 binary tarball. Long-name and pax records are skipped.
 */
import { DataError } from './errors.js';

export interface TarEntry {
  name: string;
  data: Uint8Array;
}

const BLOCK = 512;

function cString(buf: Uint8Array, start: number, len: number): string {
  let end = start;
  while (end < start + len && buf[end] !== 0) end++;
  return new TextDecoder().decode(buf.subarray(start, end));
}

function octal(buf: Uint8Array, start: number, len: number, file: string): number {
  const text = cString(buf, start, len).trim();
  if (text === '') return 0;
  if (!/^[0-7]+$/.test(text)) throw new DataError(file, `${file}: expected an octal size in a tar header, found '${text}'`);
  return parseInt(text, 8);
}

/** Lists the regular files of a tar archive. `file` names the archive in errors. */
export function readTar(buf: Uint8Array, file: string): TarEntry[] {
  const entries: TarEntry[] = [];
  let off = 0;
  while (off + BLOCK <= buf.length) {
    const header = buf.subarray(off, off + BLOCK);
    if (header.every((b) => b === 0)) break;
    const name = cString(header, 0, 100);
    const size = octal(header, 124, 12, file);
    const type = String.fromCharCode(header[156]);
    const magic = cString(header, 257, 6);
    const prefix = magic === 'ustar' ? cString(header, 345, 155) : '';
    const start = off + BLOCK;
    if (start + size > buf.length) {
      throw new DataError(file, `${file}: truncated tar archive: entry ${name} needs ${size} bytes`);
    }
    if (type === '0' || type === '\0') {
      entries.push({ name: prefix ? `${prefix}/${name}` : name, data: buf.subarray(start, start + size) });
    }
    off = start + Math.ceil(size / BLOCK) * BLOCK;
  }
  return entries;
}
