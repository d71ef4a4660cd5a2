/**
 * A run state on disk (a checkpoint): one file, written atomically, read back exactly.
 *
 * Layout: 16 bytes of magic, a little-endian uint32 header length, the header (UTF-8 JSON), zero
 * padding to a multiple of 8, then the payload: every typed array of the state, each at an
 * 8-byte aligned offset. The header holds the format, the caller's identity fields (the config's
 * hash), the state as JSON with each typed array replaced by {"$array": i} and each non-finite
 * number by {"$number": "NaN" | "Infinity" | "-Infinity"}, the arrays' types and lengths, and the
 * payload's SHA-256, so a truncated or corrupted file is refused rather than half-read.
 *
 * Writing: to `<file>.tmp` in the same directory, fsync, rename over `<file>`, fsync the
 * directory; the previous checkpoint stays valid until the new one is complete, and a process
 * killed mid-write leaves at worst a stale `.tmp` beside it.
 */
import { createHash } from 'node:crypto';
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

const MAGIC = Buffer.from('FEDRANK-STATE\0\0\x01', 'latin1');
export const RUN_STATE_FORMAT = 'fedrank-run-state/1';

type ArrayType = 'float32' | 'float64' | 'uint32' | 'int32' | 'uint8';
type Typed = Float32Array | Float64Array | Uint32Array | Int32Array | Uint8Array;
const CONSTRUCTORS: Record<ArrayType, { new (b: ArrayBuffer, o: number, n: number): Typed; BYTES_PER_ELEMENT: number }> = {
  float32: Float32Array,
  float64: Float64Array,
  uint32: Uint32Array,
  int32: Int32Array,
  uint8: Uint8Array,
};

function arrayType(a: Typed): ArrayType {
  if (a instanceof Float32Array) return 'float32';
  if (a instanceof Float64Array) return 'float64';
  if (a instanceof Uint32Array) return 'uint32';
  if (a instanceof Int32Array) return 'int32';
  return 'uint8';
}

function isTyped(v: unknown): v is Typed {
  return (
    v instanceof Float32Array || v instanceof Float64Array || v instanceof Uint32Array || v instanceof Int32Array || v instanceof Uint8Array
  );
}

export class RunStateFileError extends Error {
  readonly exitCode = 2;
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
    this.name = 'RunStateFileError';
  }
}

interface Header {
  format: string;
  identity: Record<string, unknown>;
  arrays: { type: ArrayType; length: number; offset: number }[];
  payloadBytes: number;
  payloadSha256: string;
  state: unknown;
}

const align8 = (n: number): number => Math.ceil(n / 8) * 8;

/** The file's bytes for `state`; `identity` is stored as-is and returned on reading (e.g. the config hash). */
export function encodeRunState(state: unknown, identity: Record<string, unknown>): Buffer {
  const arrays: Typed[] = [];
  const json = JSON.stringify(state, function (this: unknown, _key: string, value: unknown) {
    if (isTyped(value)) {
      arrays.push(value);
      return { $array: arrays.length - 1 };
    }
    if (typeof value === 'number' && !Number.isFinite(value)) return { $number: String(value) };
    return value;
  });
  let offset = 0;
  const layout = arrays.map((a) => {
    const entry = { type: arrayType(a), length: a.length, offset };
    offset = align8(offset + a.byteLength);
    return entry;
  });
  const payload = Buffer.alloc(offset);
  arrays.forEach((a, i) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).copy(payload, layout[i].offset));
  const header: Header = {
    format: RUN_STATE_FORMAT,
    identity,
    arrays: layout,
    payloadBytes: payload.length,
    payloadSha256: createHash('sha256').update(payload).digest('hex'),
    state: JSON.parse(json) as unknown,
  };
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const lead = Buffer.alloc(align8(MAGIC.length + 4 + headerBytes.length));
  MAGIC.copy(lead, 0);
  lead.writeUInt32LE(headerBytes.length, MAGIC.length);
  headerBytes.copy(lead, MAGIC.length + 4);
  return Buffer.concat([lead, payload]);
}

/** The state and identity stored in `bytes`; throws RunStateFileError naming `file` on anything malformed. */
export function decodeRunState(bytes: Buffer, file: string): { state: unknown; identity: Record<string, unknown> } {
  if (bytes.length < MAGIC.length + 4 || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw new RunStateFileError(file, 'not a fedrank checkpoint (bad magic bytes)');
  }
  const headerLength = bytes.readUInt32LE(MAGIC.length);
  const payloadStart = align8(MAGIC.length + 4 + headerLength);
  if (payloadStart > bytes.length)
    throw new RunStateFileError(file, `truncated checkpoint (header of ${headerLength} bytes, file of ${bytes.length})`);
  let header: Header;
  try {
    header = JSON.parse(bytes.subarray(MAGIC.length + 4, MAGIC.length + 4 + headerLength).toString('utf8')) as Header;
  } catch {
    throw new RunStateFileError(file, 'corrupt checkpoint header (not JSON)');
  }
  if (header.format !== RUN_STATE_FORMAT)
    throw new RunStateFileError(file, `unsupported checkpoint format '${String(header.format)}', expected ${RUN_STATE_FORMAT}`);
  const payload = bytes.subarray(payloadStart);
  if (payload.length !== header.payloadBytes) {
    throw new RunStateFileError(file, `truncated checkpoint (payload of ${payload.length} bytes, expected ${header.payloadBytes})`);
  }
  if (createHash('sha256').update(payload).digest('hex') !== header.payloadSha256) {
    throw new RunStateFileError(file, 'corrupt checkpoint (payload checksum mismatch)');
  }
  // A fresh, aligned copy of the payload: the arrays must not alias the file buffer.
  const copy = new ArrayBuffer(payload.length);
  new Uint8Array(copy).set(payload);
  const arrays = header.arrays.map((a) => {
    const C = CONSTRUCTORS[a.type];
    if (!C || a.offset % 8 !== 0 || a.offset + a.length * C.BYTES_PER_ELEMENT > payload.length) {
      throw new RunStateFileError(file, 'corrupt checkpoint (array table out of range)');
    }
    return new C(copy, a.offset, a.length);
  });
  // The header was parsed once; its state is revived in place of the markers.
  const revive = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(revive);
    if (value === null || typeof value !== 'object') return value;
    const o = value as Record<string, unknown>;
    const keys = Object.keys(o);
    if (keys.length === 1 && typeof o.$array === 'number') {
      const a = arrays[o.$array];
      if (!a) throw new RunStateFileError(file, 'corrupt checkpoint (unknown array reference)');
      return a;
    }
    if (keys.length === 1 && typeof o.$number === 'string') return Number(o.$number);
    return Object.fromEntries(keys.map((k) => [k, revive(o[k])]));
  };
  const state = revive(header.state);
  return { state, identity: header.identity ?? {} };
}

/**
 * Writes `bytes` to `file` atomically: temporary file, fsync, rename, fsync of the directory.
 * `crashAfter` (fault injection for the crash tests) kills the process with SIGKILL once that
 * many bytes of the temporary file are written.
 */
export function writeFileAtomic(file: string, bytes: Uint8Array, crashAfter?: number): void {
  const tmp = `${file}.tmp`;
  const fd = openSync(tmp, 'w', 0o644);
  try {
    let off = 0;
    if (crashAfter !== undefined) {
      writeSync(fd, bytes, 0, Math.min(crashAfter, bytes.length));
      fsyncSync(fd);
      process.kill(process.pid, 'SIGKILL');
    }
    while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
  const dir = openSync(dirname(file), 'r');
  try {
    fsyncSync(dir);
  } finally {
    closeSync(dir);
  }
}

export function writeRunStateFile(file: string, state: unknown, identity: Record<string, unknown>, crashAfter?: number): void {
  writeFileAtomic(file, encodeRunState(state, identity), crashAfter);
}

export function readRunStateFile(file: string): { state: unknown; identity: Record<string, unknown> } {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    throw new RunStateFileError(file, `cannot read checkpoint (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  return decodeRunState(bytes, file);
}
