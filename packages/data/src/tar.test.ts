/** Tests for the minimal tar reader on an archive assembled here. */
import { describe, expect, it } from 'vitest';
import { readTar } from './tar.js';
import { DataError } from './errors.js';

function header(name: string, size: number, type = '0'): Uint8Array {
  const h = new Uint8Array(512);
  const enc = new TextEncoder();
  h.set(enc.encode(name), 0);
  h.set(enc.encode('0000644\0'), 100);
  h.set(enc.encode(size.toString(8).padStart(11, '0') + '\0'), 124);
  h[156] = type.charCodeAt(0);
  h.set(enc.encode('ustar\0'), 257);
  h.set(enc.encode('        '), 148);
  const sum = h.reduce((a, b) => a + b, 0);
  h.set(enc.encode(sum.toString(8).padStart(6, '0') + '\0 '), 148);
  return h;
}

function archive(files: [string, Uint8Array, string?][]): Uint8Array {
  const chunks: Uint8Array[] = [];
  for (const [name, data, type] of files) {
    chunks.push(header(name, data.length, type));
    const padded = new Uint8Array(Math.ceil(data.length / 512) * 512);
    padded.set(data);
    chunks.push(padded);
  }
  chunks.push(new Uint8Array(1024));
  return Uint8Array.from(Buffer.concat(chunks));
}

describe('readTar', () => {
  it('lists regular files with their contents, skipping directories', () => {
    const a = new Uint8Array(700).map((_, i) => i % 251);
    const tar = archive([
      ['cifar-10-batches-bin/', new Uint8Array(0), '5'],
      ['cifar-10-batches-bin/a.bin', a],
      ['cifar-10-batches-bin/b.txt', new TextEncoder().encode('hi')],
    ]);
    const entries = readTar(tar, 'x.tar');
    expect(entries.map((e) => e.name)).toEqual(['cifar-10-batches-bin/a.bin', 'cifar-10-batches-bin/b.txt']);
    expect(Array.from(entries[0].data)).toEqual(Array.from(a));
    expect(new TextDecoder().decode(entries[1].data)).toBe('hi');
  });

  it('a truncated archive -> DataError naming it', () => {
    const tar = archive([['a.bin', new Uint8Array(2000)]]);
    expect(() => readTar(tar.subarray(0, 1024), 'x.tar')).toThrow(DataError);
  });
});
