import { describe, expect, it } from 'vitest';
import { Rng } from '@fedrank/random';
import { argsortFloat64 } from '@fedrank/voting';
import { bindContext } from './codec.js';
import { sameLayers } from './compare.js';
import { CodecError } from './errors.js';
import { bitpackedPayloadBytes } from './ranking-bitpacked.js';
import { createRankingDeltaCodec, DELTA_METHODS, deltaSymbol, rankingDeltaCodec as codec } from './ranking-delta.js';
import { RankingReference } from './ranking-reference.js';

/** A client ranking near `global`: edges sorted by (global position + sigma * N(0,1)). */
function perturbed(global: Uint32Array, sigma: number, rng: Rng): Uint32Array {
  const key = new Float64Array(global.length);
  for (let j = 0; j < global.length; j++) key[global[j]] = j + sigma * rng.normal();
  return argsortFloat64(key);
}

/** `p` with every block of `window` consecutive entries shuffled (a cheap local perturbation). */
function locallyShuffled(p: Uint32Array, window: number, rng: Rng): Uint32Array {
  const out = p.slice();
  for (let start = 0; start < out.length; start += window) rng.shuffle(out.subarray(start, Math.min(out.length, start + window)));
  return out;
}

function identity(n: number): Uint32Array {
  const p = new Uint32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  return p;
}

function reversed(p: Uint32Array): Uint32Array {
  return p.slice().reverse();
}

function expectCodecError(f: () => unknown, code: string): void {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(CodecError);
    expect((e as CodecError).code).toBe(code);
    return;
  }
  throw new Error(`expected CodecError ${code}`);
}

function roundTrip(layers: Uint32Array[], reference: RankingReference, c = codec): Uint8Array {
  const bytes = c.encode(layers, reference);
  const back = c.decode(bytes, { layerSizes: layers.map((l) => l.length) }, reference);
  expect(sameLayers(back, layers)).toBe(true);
  return bytes;
}

describe('deltaSymbol', () => {
  it('maps z < 8 to itself and larger z to 8 + 4 (bitlength - 4) + the two bits below the leading 1', () => {
    expect([0, 1, 7, 8, 9, 10, 11, 12, 15, 16, 23, 24].map(deltaSymbol)).toEqual([0, 1, 7, 8, 8, 9, 9, 10, 11, 12, 13, 14]);
    expect(deltaSymbol(2 ** 32 - 1)).toBe(123);
    expect(deltaSymbol(2 ** 31)).toBe(8 + 4 * 28);
  });
});

describe('ranking-delta', () => {
  it('round-trips rankings near, equal to, reversed from and unrelated to the reference', () => {
    const rng = new Rng(11);
    for (const n of [2, 3, 5, 8, 9, 100, 1000, 4097, 50000]) {
      const g = rng.permutation(n);
      const ref = new RankingReference([g]);
      for (const c of [
        g,
        reversed(g),
        identity(n),
        rng.permutation(n),
        perturbed(g, 1, rng),
        perturbed(g, 30, rng),
        perturbed(g, n / 10, rng),
      ]) {
        roundTrip([c], ref);
      }
    }
  });

  it('round-trips layers of size 0, 1 and 2 and several layers at once', () => {
    const rng = new Rng(12);
    const sizes = [1, 2, 0, 300, 1, 2, 7000];
    const g = sizes.map((n) => rng.permutation(n));
    const ref = new RankingReference(g);
    roundTrip(
      g.map((p) => perturbed(p, 5, rng)),
      ref,
    );
    roundTrip(
      g.map((p) => reversed(p)),
      ref,
    );
    roundTrip([], new RankingReference([]));
    roundTrip([Uint32Array.of(0)], new RankingReference([Uint32Array.of(0)]));
    roundTrip([Uint32Array.of(1, 0)], new RankingReference([Uint32Array.of(0, 1)]));
  });

  it('is tiny for a ranking equal to the reference and never exceeds bit packing by more than 4 + 1 per layer bytes', () => {
    const rng = new Rng(13);
    const sizes = [288, 18432, 65536, 1280];
    const g = sizes.map((n) => rng.permutation(n));
    const ref = new RankingReference(g);
    expect(roundTrip(g, ref).length).toBeLessThan(300);
    const unrelated = sizes.map((n) => rng.permutation(n));
    const { bytes, layers } = codec.encodeWithStats(unrelated, ref);
    // 65536 = 2^16 edges: bit packing is optimal for a random ranking, the encoder falls back to it.
    // (For 18432 edges, 15 bits packed waste 0.83 bits per edge: the delta may win even then.)
    expect(layers[2].method).toBe(DELTA_METHODS.bitpacked);
    expect(bytes.length).toBeLessThanOrEqual(bitpackedPayloadBytes(sizes) + 4 + sizes.length);
    expect(sameLayers(codec.decode(bytes, { layerSizes: sizes }, ref), unrelated)).toBe(true);
  });

  it('compresses perturbed rankings well below bit packing (sigma 100 on 100k edges: < 12 bits per edge)', () => {
    const rng = new Rng(14);
    const n = 100000;
    const g = rng.permutation(n);
    const ref = new RankingReference([g]);
    const bytes = roundTrip([perturbed(g, 100, rng)], ref);
    expect((8 * bytes.length) / n).toBeLessThan(12);
    expect((8 * bytes.length) / n).toBeGreaterThan(8);
  });

  it("round-trips Conv8's largest layer (2,359,296 edges): equal, locally shuffled and reversed", () => {
    const rng = new Rng(15);
    const n = 2359296;
    const g = identity(n);
    const ref = new RankingReference([g]);
    expect(roundTrip([g], ref).length).toBeLessThan(3000);
    const near = roundTrip([locallyShuffled(g, 64, rng)], ref);
    expect(near.length).toBeLessThan((n * 22) / 8 / 2);
    roundTrip([reversed(g)], ref);
  });

  it('round-trips with deflate', () => {
    const rng = new Rng(16);
    const df = createRankingDeltaCodec({ compression: 'deflate' });
    const g = [rng.permutation(5000), rng.permutation(3)];
    const ref = new RankingReference(g);
    const c = g.map((p) => perturbed(p, 20, rng));
    const { bytes, layers } = df.encodeWithStats(c, ref);
    expect(layers[0].method).toBe(DELTA_METHODS.deflate);
    expect(sameLayers(df.decode(bytes, { layerSizes: [5000, 3] }, ref), c)).toBe(true);
    // Any instance decodes any method.
    expect(sameLayers(codec.decode(bytes, { layerSizes: [5000, 3] }, ref), c)).toBe(true);
  });

  it('works bound to its reference as a plain Codec', () => {
    const rng = new Rng(17);
    const g = [rng.permutation(1000)];
    const bound = bindContext(codec, new RankingReference(g));
    const c = [perturbed(g[0], 3, rng)];
    expect(sameLayers(bound.decode(bound.encode(c), { layerSizes: [1000] }), c)).toBe(true);
  });

  it('rejects a payload encoded against another reference, or a reference of another shape', () => {
    const rng = new Rng(18);
    const g = [rng.permutation(1000)];
    const bytes = codec.encode([perturbed(g[0], 3, rng)], new RankingReference(g));
    const other = new RankingReference([rng.permutation(1000)]);
    expectCodecError(() => codec.decode(bytes, { layerSizes: [1000] }, other), 'reference-mismatch');
    expectCodecError(() => codec.decode(bytes, { layerSizes: [1000] }, new RankingReference([identity(999)])), 'reference-mismatch');
    expectCodecError(() => codec.encode([identity(999)], other), 'invalid-input');
  });

  it('rejects corrupt layer bodies with CodecError', () => {
    const rng = new Rng(19);
    const g = [rng.permutation(2000)];
    const ref = new RankingReference(g);
    const bytes = codec.encode([perturbed(g[0], 10, rng)], ref);
    const body = 12 + 4; // header of one layer, fingerprint
    expect(bytes[body]).toBe(DELTA_METHODS.brotli);
    const method = bytes.slice();
    method[body] = 7;
    expectCodecError(() => codec.decode(method, { layerSizes: [2000] }, ref), 'out-of-range');
    const streamLength = bytes.slice();
    streamLength[body + 1] ^= 1;
    expect(() => codec.decode(streamLength, { layerSizes: [2000] }, ref)).toThrow(CodecError);
    expectCodecError(() => codec.decode(bytes.subarray(0, bytes.length - 1), { layerSizes: [2000] }, ref), 'truncated');
    expectCodecError(() => codec.decode(Uint8Array.of(...bytes, 0), { layerSizes: [2000] }, ref), 'trailing-bytes');
  });

  it('refuses to encode a non-permutation or build a reference from one', () => {
    const ref = new RankingReference([identity(3)]);
    expectCodecError(() => codec.encode([Uint32Array.of(0, 0, 1)], ref), 'invalid-input');
    expectCodecError(() => new RankingReference([Uint32Array.of(0, 3, 1)]), 'invalid-input');
  });

  it('copies the reference, so later changes to the source array do not affect it', () => {
    const g = identity(10);
    const ref = new RankingReference([g]);
    const fp = ref.fingerprint;
    g.reverse();
    expect(ref.rankings[0]).toEqual(identity(10));
    expect(ref.fingerprint).toBe(fp);
    expect(new RankingReference([g]).fingerprint).not.toBe(fp);
  });
});
