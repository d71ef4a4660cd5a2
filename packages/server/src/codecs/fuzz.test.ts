/**
 * Decoder fuzzing: for every codec, a fixed number of seeded cases of random bytes, random
 * bodies behind a valid header, truncated, extended, bit-flipped and byte-corrupted valid
 * payloads. Each must decode to a valid message of the expected shape or be rejected with a
 * CodecError; nothing else may escape. Truncated and extended payloads must always be rejected.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '@fedrank/random';
import { argsortFloat64, validatePermutation } from '@fedrank/voting';
import { type Codec, headerLength } from './codec.js';
import { CodecError } from './errors.js';
import { rankingBitpackedCodec } from './ranking-bitpacked.js';
import { createRankingDeltaCodec, rankingDeltaCodec } from './ranking-delta.js';
import { RankingReference } from './ranking-reference.js';
import { signs1BitCodec } from './signs-1bit.js';
import { weightsFloat32Codec } from './weights-float32.js';
import { weightsFloat32DeflateCodec } from './weights-float32-deflate.js';

const CASES = 2000;
const RANKING_SIZES = [5, 300, 1, 2, 70, 0, 1000];
const WEIGHT_SIZES = [5, 300, 1, 0, 33];

interface Subject {
  name: string;
  sizes: readonly number[];
  /** A few valid payloads. */
  valid(rng: Rng): Uint8Array[];
  decode(bytes: Uint8Array): unknown;
  /** Why a decoded value is not a valid message of the expected shape, or null. */
  check(value: unknown): string | null;
}

function checkRankings(sizes: readonly number[], value: unknown): string | null {
  if (!Array.isArray(value) || value.length !== sizes.length) return 'wrong layer count';
  for (let l = 0; l < sizes.length; l++) {
    const layer: unknown = value[l];
    if (!(layer instanceof Uint32Array)) return `layer ${l} not a Uint32Array`;
    const why = validatePermutation(layer, sizes[l]);
    if (why !== null) return `layer ${l}: ${why}`;
  }
  return null;
}

function checkFloats(sizes: readonly number[], value: unknown): string | null {
  if (!Array.isArray(value) || value.length !== sizes.length) return 'wrong layer count';
  for (let l = 0; l < sizes.length; l++) {
    const layer: unknown = value[l];
    if (!(layer instanceof Float32Array) || layer.length !== sizes[l]) return `layer ${l} of wrong type or length`;
    if (!layer.every(Number.isFinite)) return `layer ${l} has a non-finite value`;
  }
  return null;
}

function checkSigns(sizes: readonly number[], value: unknown): string | null {
  if (!Array.isArray(value) || value.length !== sizes.length) return 'wrong layer count';
  for (let l = 0; l < sizes.length; l++) {
    const layer: unknown = value[l];
    if (!(layer instanceof Int8Array) || layer.length !== sizes[l]) return `layer ${l} of wrong type or length`;
    if (!layer.every((s) => s === 1 || s === -1)) return `layer ${l} has a value other than +-1`;
  }
  return null;
}

function perturbed(global: Uint32Array, sigma: number, rng: Rng): Uint32Array {
  const key = new Float64Array(global.length);
  for (let j = 0; j < global.length; j++) key[global[j]] = j + sigma * rng.normal();
  return argsortFloat64(key);
}

function plain<T>(name: string, codec: Codec<T>, sizes: readonly number[], make: (rng: Rng) => T, check: Subject['check']): Subject {
  return {
    name,
    sizes,
    valid: (rng) => Array.from({ length: 6 }, () => codec.encode(make(rng))),
    decode: (bytes) => codec.decode(bytes, { layerSizes: sizes }),
    check,
  };
}

function deltaSubject(name: string, codec: typeof rankingDeltaCodec): Subject {
  const rng = new Rng(99);
  const reference = new RankingReference(RANKING_SIZES.map((n) => rng.permutation(n)));
  return {
    name,
    sizes: RANKING_SIZES,
    valid: (r) =>
      [0, 1, 3, 10, 50, 1e9].map((sigma) =>
        codec.encode(
          reference.rankings.map((g) => perturbed(g, sigma, r)),
          reference,
        ),
      ),
    decode: (bytes) => codec.decode(bytes, { layerSizes: RANKING_SIZES }, reference),
    check: (v) => checkRankings(RANKING_SIZES, v),
  };
}

const subjects: Subject[] = [
  plain(
    'ranking-bitpacked',
    rankingBitpackedCodec,
    RANKING_SIZES,
    (rng) => RANKING_SIZES.map((n) => rng.permutation(n)),
    (v) => checkRankings(RANKING_SIZES, v),
  ),
  deltaSubject('ranking-delta (brotli)', rankingDeltaCodec),
  deltaSubject('ranking-delta (deflate)', createRankingDeltaCodec({ compression: 'deflate' })),
  plain(
    'weights-float32',
    weightsFloat32Codec,
    WEIGHT_SIZES,
    (rng) => WEIGHT_SIZES.map((n) => Float32Array.from({ length: n }, () => rng.normal())),
    (v) => checkFloats(WEIGHT_SIZES, v),
  ),
  plain(
    'weights-float32-deflate',
    weightsFloat32DeflateCodec,
    WEIGHT_SIZES,
    (rng) => WEIGHT_SIZES.map((n) => Float32Array.from({ length: n }, () => (rng.float() < 0.5 ? 0 : rng.normal()))),
    (v) => checkFloats(WEIGHT_SIZES, v),
  ),
  plain(
    'signs-1bit',
    signs1BitCodec,
    WEIGHT_SIZES,
    (rng) => WEIGHT_SIZES.map((n) => Int8Array.from({ length: n }, () => (rng.float() < 0.5 ? -1 : 1))),
    (v) => checkSigns(WEIGHT_SIZES, v),
  ),
];

type Kind = 'random' | 'random-body' | 'truncated' | 'extended' | 'bit-flip' | 'bytes-corrupted';
const KINDS: Kind[] = ['random', 'random-body', 'truncated', 'extended', 'bit-flip', 'bytes-corrupted'];

function randomBytes(rng: Rng, n: number): Uint8Array {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = rng.int(256);
  return b;
}

function mutate(kind: Kind, valid: Uint8Array, rng: Rng, headerBytes: number): Uint8Array {
  switch (kind) {
    case 'random':
      return randomBytes(rng, rng.int(valid.length + 16));
    case 'random-body': {
      const body = randomBytes(rng, rng.int(2 * (valid.length - headerBytes) + 8));
      return Uint8Array.of(...valid.subarray(0, headerBytes), ...body);
    }
    case 'truncated':
      return valid.slice(0, rng.int(valid.length));
    case 'extended':
      return Uint8Array.of(...valid, ...randomBytes(rng, 1 + rng.int(8)));
    case 'bit-flip': {
      const b = valid.slice();
      const bit = rng.int(8 * b.length);
      b[bit >>> 3] ^= 1 << (bit & 7);
      return b;
    }
    case 'bytes-corrupted': {
      const b = valid.slice();
      const count = 1 + rng.int(4);
      for (let k = 0; k < count; k++) b[rng.int(b.length)] = rng.int(256);
      return b;
    }
  }
}

describe.each(subjects.map((s) => [s.name, s] as const))('fuzz %s', (_name, subject) => {
  it(`${CASES} corrupt payloads: each decodes to a valid message or throws CodecError`, () => {
    const rng = new Rng(2024).derive(subject.name);
    const valid = subject.valid(rng);
    for (const v of valid) expect(subject.check(subject.decode(v))).toBeNull();
    const headerBytes = headerLength(subject.sizes.length);
    const tally = new Map<string, number>();
    for (let t = 0; t < CASES; t++) {
      const kind = KINDS[t % KINDS.length];
      const bytes = mutate(kind, valid[rng.int(valid.length)], rng, headerBytes);
      let outcome: string;
      try {
        const value = subject.decode(bytes);
        const why = subject.check(value);
        if (why !== null) throw new Error(`case ${t} (${kind}): decoded to an invalid message: ${why}`);
        outcome = 'decoded';
      } catch (e) {
        if (!(e instanceof CodecError)) {
          throw new Error(`case ${t} (${kind}): ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
        }
        outcome = e.code;
      }
      if (kind === 'truncated' || kind === 'extended') {
        expect(outcome, `case ${t} (${kind})`).not.toBe('decoded');
      }
      const key = `${kind}:${outcome}`;
      tally.set(key, (tally.get(key) ?? 0) + 1);
    }
    // Every kind was exercised and most corruptions were caught.
    for (const kind of KINDS) expect([...tally.keys()].some((k) => k.startsWith(`${kind}:`))).toBe(true);
  });
});
