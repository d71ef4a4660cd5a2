/**
 * Rankings relative to the global ranking the client received (codec id 2, "ranking-delta").
 *
 * Context: a RankingReference (the global ranking g_l of every layer and its fingerprint).
 * Value: one Uint32Array per layer, the client's ranking c_l, a permutation of 0..n_l-1.
 *
 * Transform, per layer: for client position i, r_i = position of edge c[i] in g (the client's
 * ranking written in global-rank ids), d_i = r_i - i (how far the edge moved), and its zigzag
 * z_i = 2 d_i if d_i >= 0 else -2 d_i - 1. Each z_i is split into a symbol byte and extra bits,
 * like deflate's length codes: z < 8 is symbol z with no extra bits; otherwise, with b the bit
 * length of z (4..32), the symbol is 8 + 4 (b - 4) + (the two bits below z's leading 1), and
 * the b - 3 low bits of z are its extra bits (symbols 0..123).
 * The symbols are entropy-coded by Node's zlib (brotli quality 4 by default, or raw deflate
 * with the run-length strategy); the extra bits, nearly uniform, are bit-packed as they are.
 *
 * Body:
 *   u32 LE   fingerprint of the reference (RankingReference.fingerprint)
 *   per layer, in order:
 *     u8 method
 *       0: bit-packed ids: ceil(n w / 8) bytes, w = ceil(log2 n), as codec 1 but this layer alone
 *          (zero-padded to a byte). The encoder's choice whenever it is not larger, e.g. for a
 *          ranking unrelated to the reference, so the codec never costs more than bit packing
 *          plus 1 byte per layer and 4 bytes.
 *       1 (deflate) / 2 (brotli): u32 LE S, then S bytes of the compressed stream, which must
 *          inflate to exactly n symbol bytes, then ceil(E / 8) bytes: the extra bits of every
 *          edge in client order, each value least significant bit first, stream bit k = bit
 *          (k mod 8) of byte floor(k / 8), E their total count (known from the symbols), zero
 *          padding. Only for layers of n <= 2^31 (so that z fits in 32 bits).
 * Decoding rejects: a fingerprint other than the context's, an unknown method, a symbol whose
 * value exceeds 2 (n - 1), a decoded position outside [0, n) or repeated, non-zero padding,
 * a stream that does not inflate to n bytes or does not end where its length says, and any
 * truncation or trailing byte.
 *
 * Why this transform (measured on LeNet-sized layers; bit packing is 20.92 bits per edge):
 * real FRL client rankings (LeNet, Fashion-MNIST, rounds 0-11) move edges far (median |d| in the
 * 1.6M layer 2.6k-28k positions), so the displacement's order-0 entropy is 13-18 bits; this
 * codec reaches 12.8-18.0 bits per edge (0.61-0.86 of bit packing). Byte planes or LEB128
 * varints of z under deflate or brotli came out 0.3-2 bits per edge larger, the displacement
 * in edge-id or global order was no better. For the symbols, brotli quality 4 beat deflate
 * (run-length, Huffman-only or default strategy) by 0.05-0.3 bits per edge for ~20-50 ms more
 * per LeNet upload (the gather r_i = position of c[i] dominates either way); higher brotli
 * qualities were no smaller and up to 10x slower. Synthetic rankings,
 * sort(global position + N(0, sigma^2)): ~log2(sigma) + 2 bits per edge (sigma 1: 2.1,
 * 100: 8.7, 10^4: 15.4), 0.01 for an unchanged ranking, and bit packing (+ 4 + L bytes) for an
 * unrelated one.
 */
import zlib from 'node:zlib';
import { bindContext, CODEC_IDS, type Codec, type DecodeExpectation, headerLength, readHeader, writeHeader } from './codec.js';
import { allocWords, bitWidth, bytesToWords, packBits, unpackBits, wordsToBytes } from './bits.js';
import { compressStream, decompressExact, type StreamCompression } from './compression.js';
import type { CodecDescriptor } from './descriptor.js';
import { CodecError } from './errors.js';
import { permutationProblem } from './permutation-check.js';
import { checkRankingInput } from './ranking-bitpacked.js';
import { RankingReference } from './ranking-reference.js';

const NAME = 'ranking-delta';

export const DELTA_METHODS = { bitpacked: 0, deflate: 1, brotli: 2 } as const;

/** Largest layer the delta methods take: zigzag values stay below 2^32. */
const MAX_DELTA_LAYER = 0x80000000;

/** Symbol -> smallest z it stands for, and its number of extra bits. */
const SYMBOLS = 124;
const SYM_BASE = new Float64Array(SYMBOLS);
const SYM_EXTRA = new Uint8Array(SYMBOLS);
for (let s = 0; s < SYMBOLS; s++) {
  if (s < 8) {
    SYM_BASE[s] = s;
  } else {
    const b = 4 + ((s - 8) >> 2);
    SYM_EXTRA[s] = b - 3;
    SYM_BASE[s] = (4 + ((s - 8) & 3)) * 2 ** (b - 3);
  }
}

/** The symbol of z (0 <= z < 2^32). */
export function deltaSymbol(z: number): number {
  if (z < 8) return z;
  const b = 32 - Math.clz32(z);
  return 8 + 4 * (b - 4) + ((z >>> (b - 3)) & 3);
}

export interface RankingDeltaOptions {
  /** Entropy coder of the symbols: 'brotli' (default) or 'deflate' (~1-2% larger, a little faster). */
  compression?: StreamCompression;
  /** deflate level (default 9) or brotli quality (default 4). */
  level?: number;
}

/** Per layer: encoded bytes and the method chosen (for diagnostics and tests). */
export interface DeltaLayerStats {
  method: number;
  bytes: number;
}

export function createRankingDeltaCodec(options: RankingDeltaOptions = {}): Codec<Uint32Array[], RankingReference> & {
  /** As encode, also saying which method each layer got and its size (method byte included). */
  encodeWithStats(layers: readonly Uint32Array[], reference: RankingReference): { bytes: Uint8Array; layers: DeltaLayerStats[] };
} {
  const compression = options.compression ?? 'brotli';
  const method = compression === 'deflate' ? DELTA_METHODS.deflate : DELTA_METHODS.brotli;
  const compressOptions =
    compression === 'deflate' ? { level: options.level ?? 9, strategy: zlib.constants.Z_RLE } : { level: options.level ?? 4 };

  function encodeWithStats(layers: readonly Uint32Array[], reference: RankingReference): { bytes: Uint8Array; layers: DeltaLayerStats[] } {
    checkRankingInput(NAME, layers);
    const sizes = layers.map((layer) => layer.length);
    checkReferenceShape(reference, sizes, 'invalid-input');
    const chunks: Uint8Array[] = [];
    const stats: DeltaLayerStats[] = [];
    for (let l = 0; l < layers.length; l++) {
      const n = sizes[l];
      const packedLength = 1 + Math.ceil((n * bitWidth(n)) / 8);
      let chunk: Uint8Array | null = null;
      if (n > 1 && n <= MAX_DELTA_LAYER) {
        const delta = deltaLayer(layers[l], reference.positions[l], method, compression, compressOptions);
        if (delta.length < packedLength) chunk = delta;
      }
      chunk ??= packLayer(layers[l]);
      chunks.push(chunk);
      stats.push({ method: chunk[0], bytes: chunk.length });
    }
    let total = headerLength(sizes.length) + 4;
    for (const c of chunks) total += c.length;
    const out = new Uint8Array(total);
    let at = writeHeader(out, CODEC_IDS.rankingDelta, sizes);
    new DataView(out.buffer, out.byteOffset, out.byteLength).setUint32(at, reference.fingerprint, true);
    at += 4;
    for (const c of chunks) {
      out.set(c, at);
      at += c.length;
    }
    return { bytes: out, layers: stats };
  }

  const codec = {
    name: NAME,
    id: CODEC_IDS.rankingDelta,
    encodeWithStats,

    encode(layers: readonly Uint32Array[], reference: RankingReference): Uint8Array {
      return encodeWithStats(layers, reference).bytes;
    },

    decode(bytes: Uint8Array, expected: DecodeExpectation, reference: RankingReference): Uint32Array[] {
      let at = readHeader(codec, bytes, expected);
      const sizes = expected.layerSizes;
      checkReferenceShape(reference, sizes, 'reference-mismatch');
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      need(bytes, at, 4, 'the reference fingerprint');
      const fingerprint = view.getUint32(at, true);
      if (fingerprint !== reference.fingerprint) {
        throw new CodecError(
          'reference-mismatch',
          `encoded against reference ${hex8(fingerprint)}, decoder has ${hex8(reference.fingerprint)}`,
          NAME,
        );
      }
      at += 4;
      const layers: Uint32Array[] = [];
      for (let l = 0; l < sizes.length; l++) {
        const n = sizes[l];
        need(bytes, at, 1, `layer ${l}'s method`);
        const m = bytes[at++];
        let layer: Uint32Array;
        if (m === DELTA_METHODS.bitpacked) {
          const len = Math.ceil((n * bitWidth(n)) / 8);
          need(bytes, at, len, `layer ${l}'s bit-packed ids`);
          layer = unpackLayer(bytes, at, n, l);
          at += len;
        } else if (m === DELTA_METHODS.deflate || m === DELTA_METHODS.brotli) {
          if (n > MAX_DELTA_LAYER) throw new CodecError('out-of-range', `layer ${l}: delta method for a layer of ${n} > 2^31 edges`, NAME);
          const decoded = undeltaLayer(bytes, at, n, l, m === DELTA_METHODS.deflate ? 'deflate' : 'brotli', reference.rankings[l]);
          layer = decoded.layer;
          at = decoded.end;
        } else {
          throw new CodecError('out-of-range', `layer ${l}: unknown method ${m}`, NAME);
        }
        layers.push(layer);
      }
      if (at !== bytes.length) throw new CodecError('trailing-bytes', `${bytes.length - at} bytes after the last layer`, NAME);
      return layers;
    },
  };
  return codec;
}

/** The default delta codec: brotli (quality 4) of the symbols. */
export const rankingDeltaCodec = createRankingDeltaCodec();

function hex8(x: number): string {
  return `0x${x.toString(16).padStart(8, '0')}`;
}

function need(bytes: Uint8Array, at: number, count: number, what: string): void {
  if (at + count > bytes.length) throw new CodecError('truncated', `payload ends inside ${what}`, NAME);
}

function checkReferenceShape(reference: RankingReference, sizes: readonly number[], code: 'invalid-input' | 'reference-mismatch'): void {
  const ref = reference.layerSizes;
  if (ref.length !== sizes.length || ref.some((n, l) => n !== sizes[l])) {
    throw new CodecError(code, `reference has layer sizes [${ref.join(', ')}], message has [${sizes.join(', ')}]`, NAME);
  }
}

/** Method byte 0 and the bit-packed ids of one layer. */
function packLayer(layer: Uint32Array): Uint8Array {
  const n = layer.length;
  const w = bitWidth(n);
  const len = Math.ceil((n * w) / 8);
  const out = new Uint8Array(1 + len);
  out[0] = DELTA_METHODS.bitpacked;
  const words = allocWords(n * w);
  packBits(layer, w, words, 0);
  wordsToBytes(words, len, out, 1);
  return out;
}

function unpackLayer(bytes: Uint8Array, at: number, n: number, l: number): Uint32Array {
  const w = bitWidth(n);
  const bits = n * w;
  const words = bytesToWords(bytes, at, Math.ceil(bits / 8));
  checkPadding(words, bits, l);
  const layer = new Uint32Array(n);
  unpackBits(words, 0, w, layer);
  const problem = permutationProblem(layer);
  if (problem !== null) throw new CodecError(problem.code, `layer ${l}: ${problem.reason}`, NAME);
  return layer;
}

function checkPadding(words: Uint32Array, bits: number, l: number): void {
  if (bits % 32 !== 0 && words[Math.floor(bits / 32)] >>> (bits % 32) !== 0) {
    throw new CodecError('out-of-range', `layer ${l}: non-zero padding bits`, NAME);
  }
}

/** Symbols and zigzag values of a layer; returns the total number of extra bits. */
function symbolize(ranking: Uint32Array, positions: Uint32Array, symbols: Uint8Array, zs: Uint32Array): number {
  let extraBits = 0;
  for (let i = 0; i < ranking.length; i++) {
    const d = positions[ranking[i]] - i;
    const z = d >= 0 ? 2 * d : -2 * d - 1;
    zs[i] = z;
    if (z < 8) {
      symbols[i] = z;
    } else {
      const b = 32 - Math.clz32(z);
      symbols[i] = 8 + 4 * (b - 4) + ((z >>> (b - 3)) & 3);
      extraBits += b - 3;
    }
  }
  return extraBits;
}

function packExtras(zs: Uint32Array, words: Uint32Array): void {
  let wi = 0;
  let fill = 0;
  let acc = 0;
  for (let i = 0; i < zs.length; i++) {
    const z = zs[i];
    if (z < 8) continue;
    const k = 29 - Math.clz32(z);
    const extra = z & ((1 << k) - 1);
    acc |= extra << fill;
    fill += k;
    if (fill >= 32) {
      words[wi++] = acc;
      fill -= 32;
      acc = fill === 0 ? 0 : extra >>> (k - fill);
    }
  }
  if (fill > 0) words[wi] = acc;
}

/** Method byte, u32 stream length, compressed symbols, extra bits. */
function deltaLayer(
  ranking: Uint32Array,
  positions: Uint32Array,
  method: number,
  compression: StreamCompression,
  compressOptions: { level: number; strategy?: number },
): Uint8Array {
  const n = ranking.length;
  const symbols = new Uint8Array(n);
  const zs = new Uint32Array(n);
  const extraBits = symbolize(ranking, positions, symbols, zs);
  const stream = compressStream(compression, symbols, compressOptions);
  const extraBytes = Math.ceil(extraBits / 8);
  const out = new Uint8Array(1 + 4 + stream.length + extraBytes);
  out[0] = method;
  new DataView(out.buffer, out.byteOffset, out.byteLength).setUint32(1, stream.length, true);
  out.set(stream, 5);
  const words = allocWords(extraBits);
  packExtras(zs, words);
  wordsToBytes(words, extraBytes, out, 5 + stream.length);
  return out;
}

function undeltaLayer(
  bytes: Uint8Array,
  at: number,
  n: number,
  l: number,
  compression: StreamCompression,
  reference: Uint32Array,
): { layer: Uint32Array; end: number } {
  need(bytes, at, 4, `layer ${l}'s stream length`);
  const streamLength = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(at, true);
  at += 4;
  need(bytes, at, streamLength, `layer ${l}'s compressed symbols`);
  const symbols = decompressExact(NAME, compression, bytes.subarray(at, at + streamLength), n);
  at += streamLength;
  const maxSymbol = n === 0 ? -1 : deltaSymbol(2 * (n - 1));
  const extraBits = countExtraBits(symbols, maxSymbol);
  if (extraBits < 0)
    throw new CodecError('out-of-range', `layer ${l}: symbol ${symbols[-extraBits - 1]} at ${-extraBits - 1} exceeds ${maxSymbol}`, NAME);
  const extraBytes = Math.ceil(extraBits / 8);
  need(bytes, at, extraBytes, `layer ${l}'s extra bits`);
  const words = bytesToWords(bytes, at, extraBytes);
  checkPadding(words, extraBits, l);
  const layer = new Uint32Array(n);
  const bad = reconstruct(symbols, words, reference, layer);
  if (bad >= 0) {
    const seenTwice = bad >= n;
    const i = seenTwice ? bad - n : bad;
    throw new CodecError(
      seenTwice ? 'not-a-permutation' : 'out-of-range',
      `layer ${l}: position ${i} decodes to ${seenTwice ? 'a global position already taken' : 'a global position outside the layer'}`,
      NAME,
    );
  }
  return { layer, end: at + extraBytes };
}

/** Total extra bits of the symbols, or -(i + 1) for the first symbol i above maxSymbol. */
function countExtraBits(symbols: Uint8Array, maxSymbol: number): number {
  let bits = 0;
  for (let i = 0; i < symbols.length; i++) {
    const s = symbols[i];
    if (s > maxSymbol) return -(i + 1);
    bits += SYM_EXTRA[s];
  }
  return bits;
}

/**
 * Client ranking from symbols and extra bits: out[i] = reference[i + d_i]. Returns -1, or i for
 * a position outside [0, n) at i, or n + i for a position already taken at i.
 */
function reconstruct(symbols: Uint8Array, words: Uint32Array, reference: Uint32Array, out: Uint32Array): number {
  const n = out.length;
  const seen = new Int32Array((n + 31) >>> 5); // bitmap of the positions taken
  let wi = 0;
  let sh = 0;
  let cur = words[0];
  for (let i = 0; i < n; i++) {
    const s = symbols[i];
    const k = SYM_EXTRA[s];
    let z = SYM_BASE[s];
    if (k > 0) {
      let v = cur >>> sh;
      sh += k;
      if (sh >= 32) {
        cur = words[++wi];
        sh -= 32;
        if (sh > 0) v |= cur << (k - sh);
      }
      z += v & ((1 << k) - 1);
    }
    const r = (z & 1) === 0 ? i + z / 2 : i - (z + 1) / 2;
    if (r < 0 || r >= n) return i;
    const w = r >>> 5;
    const bit = 1 << (r & 31);
    const taken = seen[w];
    if ((taken & bit) !== 0) return n + i;
    seen[w] = taken | bit;
    out[i] = reference[r];
  }
  return -1;
}

export const rankingDeltaDescriptor = {
  name: NAME,
  configName: 'delta',
  carries: 'ranking',
  create: ({ globalRanking }) => bindContext(rankingDeltaCodec, new RankingReference(globalRanking)),
} as const satisfies CodecDescriptor;
