/**
 * Node's zlib (raw deflate, RFC 1951; brotli, RFC 7932) with the checks a decoder needs: the
 * stream must inflate to exactly the expected length (inflation stops past it, so a corrupt or
 * hostile stream cannot allocate more), and must consume every byte given (zlib would silently
 * ignore bytes after the end of the stream).
 */
import zlib from 'node:zlib';
import { CodecError } from './errors.js';

export type StreamCompression = 'deflate' | 'brotli';

export interface CompressOptions {
  /** deflate level (default 9) or brotli quality (default 5). */
  level?: number;
  /** deflate only: zlib strategy (default Z_DEFAULT_STRATEGY). Any strategy inflates the same way. */
  strategy?: number;
}

/** Compresses `data` as a raw deflate or a brotli stream. */
export function compressStream(kind: StreamCompression, data: Uint8Array, options: CompressOptions = {}): Uint8Array {
  const { level, strategy } = options;
  if (kind === 'deflate')
    return zlib.deflateRawSync(data, { level: level ?? 9, memLevel: 9, strategy: strategy ?? zlib.constants.Z_DEFAULT_STRATEGY });
  return zlib.brotliCompressSync(data, {
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: level ?? 5,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length,
      [zlib.constants.BROTLI_PARAM_LGWIN]: 24,
    },
  });
}

interface InflateInfo {
  buffer: Buffer;
  engine: { bytesWritten: number };
}

function isInflateInfo(x: unknown): x is InflateInfo {
  if (typeof x !== 'object' || x === null) return false;
  const r = x as { buffer?: unknown; engine?: unknown };
  return (
    Buffer.isBuffer(r.buffer) &&
    typeof r.engine === 'object' &&
    r.engine !== null &&
    typeof (r.engine as { bytesWritten?: unknown }).bytesWritten === 'number'
  );
}

/** Decompresses `data`, which must inflate to exactly `length` bytes using all of its bytes. */
export function decompressExact(name: string, kind: StreamCompression, data: Uint8Array, length: number): Uint8Array {
  let result: unknown;
  try {
    const options = { info: true, maxOutputLength: Math.max(1, length) };
    result = kind === 'deflate' ? zlib.inflateRawSync(data, options) : zlib.brotliDecompressSync(data, options);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new CodecError('corrupt-stream', `${kind} stream: ${why}`, name);
  }
  if (!isInflateInfo(result)) throw new CodecError('corrupt-stream', `${kind} stream: unexpected zlib result`, name);
  if (result.buffer.length !== length) {
    throw new CodecError('corrupt-stream', `${kind} stream inflates to ${result.buffer.length} bytes, expected ${length}`, name);
  }
  if (result.engine.bytesWritten !== data.length) {
    throw new CodecError('trailing-bytes', `${kind} stream ends after ${result.engine.bytesWritten} of ${data.length} bytes`, name);
  }
  return result.buffer;
}
