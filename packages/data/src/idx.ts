/**
 * IDX file reader (the MNIST / Fashion-MNIST container format): 2 zero bytes, a type byte
 * (only 0x08 = unsigned byte is supported), a dimension count, that many big-endian uint32
 * sizes, then the payload. Files may be gzipped. Every size mismatch is a DataError naming the file.
 */
import { DataError } from './errors.js';
import { readMaybeGzipped } from './gzip.js';

export interface IdxArray {
  dims: number[];
  data: Uint8Array;
}

const TYPE_UBYTE = 0x08;

/** Parses an (already decompressed) IDX buffer. `file` is used in error messages. */
export function parseIdx(buf: Uint8Array, file: string): IdxArray {
  if (buf.length < 4) {
    throw new DataError(file, `${file}: expected an IDX file (at least a 4-byte header), got ${buf.length} bytes`);
  }
  if (buf[0] !== 0 || buf[1] !== 0) {
    const magic = Array.from(buf.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join(' ');
    throw new DataError(file, `${file}: expected IDX magic 00 00 08 0N, found ${magic}`);
  }
  if (buf[2] !== TYPE_UBYTE) {
    throw new DataError(file, `${file}: expected IDX data type 0x08 (unsigned byte), found 0x${buf[2].toString(16)}`);
  }
  const ndims = buf[3];
  if (ndims < 1) throw new DataError(file, `${file}: expected at least one IDX dimension, found 0`);
  const headerLen = 4 + 4 * ndims;
  if (buf.length < headerLen) {
    throw new DataError(file, `${file}: truncated IDX header: expected ${headerLen} bytes, got ${buf.length}`);
  }
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const dims: number[] = [];
  let total = 1;
  for (let i = 0; i < ndims; i++) {
    const d = view.getUint32(4 + 4 * i, false);
    dims.push(d);
    total *= d;
  }
  const payload = buf.length - headerLen;
  if (payload !== total) {
    const what = payload < total ? 'truncated' : 'oversized';
    throw new DataError(file, `${file}: ${what} IDX payload: dims ${dims.join('x')} need ${total} bytes, found ${payload}`);
  }
  return { dims, data: buf.subarray(headerLen) };
}

/** The total size an IDX header promises (header + payload), once `head` holds the header; Infinity when it is not IDX. */
export function idxPromisedBytes(head: Uint8Array): number | undefined {
  if (head.length < 4) return undefined;
  if (head[0] !== 0 || head[1] !== 0 || head[3] < 1) return Infinity;
  const headerLen = 4 + 4 * head[3];
  if (head.length < headerLen) return headerLen > 64 ? Infinity : undefined;
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  let total = 1;
  for (let i = 0; i < head[3]; i++) total *= view.getUint32(4 + 4 * i, false);
  return headerLen + total;
}

/** Reads and parses an IDX file, gzipped or raw; decompression stops once past the size its header promises. */
export async function readIdxFile(file: string): Promise<IdxArray> {
  return parseIdx(await readMaybeGzipped(file, idxPromisedBytes), file);
}

/** Encodes an unsigned-byte IDX buffer (the inverse of parseIdx; used to write fixtures and exports). */
export function encodeIdx(dims: readonly number[], data: Uint8Array): Uint8Array {
  const total = dims.reduce((a, b) => a * b, 1);
  if (total !== data.length) throw new RangeError(`encodeIdx: dims ${dims.join('x')} need ${total} bytes, got ${data.length}`);
  const out = new Uint8Array(4 + 4 * dims.length + data.length);
  const view = new DataView(out.buffer);
  out[2] = TYPE_UBYTE;
  out[3] = dims.length;
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  out.set(data, 4 + 4 * dims.length);
  return out;
}
