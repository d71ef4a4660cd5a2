/**
 * The round's messages as real bytes (issue: communication cost). Every client update is encoded
 * by the configured codec, its bytes counted, then decoded by the server, which rejects a corrupt
 * payload (CodecError) like any malformed update. The global state sent down to each sampled
 * client is encoded once per round and counted once per client.
 *
 * Codecs: FRL rankings 'bitpacked' (ceil(log2 n) bits per edge) or 'delta' (relative to the
 * global ranking the client received, entropy coded); weight deltas 'float32' or
 * 'float32-deflate'; SignSGD's sign vectors at 1 bit per parameter. Downloads: FRL the global
 * ranking, bit-packed; dense the global weights, float32.
 */
import type { Rng } from '@fedrank/random';
import { argsortFloat32 } from '@fedrank/voting';
import { malformedBytes } from './attacks/index.js';
import type { Codec } from './codecs/codec.js';
import { CodecError } from './codecs/errors.js';
import { rankingBitpackedCodec } from './codecs/ranking-bitpacked.js';
import { codecDescriptor, type RankingCodecName, type WeightsCodecName } from './codecs/select-codec.js';
import { weightsFloat32Codec } from './codecs/weights-float32.js';
import type { ClientUpdate } from './updates.js';

export type { RankingCodecName, WeightsCodecName };

export interface WireOptions {
  rankingCodec: RankingCodecName;
  weightsCodec: WeightsCodecName;
  /** SignSGD: clients send only signs. */
  signs: boolean;
}

export interface Upload {
  bytes: Uint8Array;
}

/** One round's wire: built from the global state the clients received. */
export class RoundWire {
  private readonly rankingCodec?: Codec<Uint32Array[]>;
  readonly download: Uint8Array;

  constructor(
    private readonly options: WireOptions,
    /** supermask: the global scores per layer; dense: [flat global parameters]. */
    global: readonly Float32Array[],
    readonly kind: 'ranking' | 'weights',
    private readonly layerSizes: readonly number[],
    /** dense: the sizes of the parameter blocks (per layer weights, bias), for the codecs. */
    private readonly slotSizes: readonly number[],
  ) {
    if (kind === 'ranking') {
      const globalRanking = global.map((s) => argsortFloat32(s));
      this.download = rankingBitpackedCodec.encode(globalRanking);
      this.rankingCodec = codecDescriptor('ranking', options.rankingCodec).create({ globalRanking });
    } else {
      this.download = weightsFloat32Codec.encode(this.slots(global[0]));
    }
  }

  private slots<T extends { subarray(begin: number, end: number): T }>(flat: T): T[] {
    const out: T[] = [];
    let off = 0;
    for (const n of this.slotSizes) {
      out.push(flat.subarray(off, off + n));
      off += n;
    }
    return out;
  }

  private weightsCodec(): Codec<Float32Array[]> {
    return codecDescriptor('weights', this.options.weightsCodec).create();
  }

  /**
   * The bytes a client sends for `update`. An update its codec cannot encode (a malformed one:
   * wrong length, duplicate ids, NaN) goes out as garbage bytes of about the honest size, as a
   * misbehaving client's would.
   */
  encode(update: ClientUpdate, rng: Rng): Uint8Array {
    try {
      if (update.kind === 'ranking') return this.rankingCodec!.encode(update.layers as Uint32Array[]);
      const flat = update.layers[0] as Float32Array;
      if (update.layers.length !== 1 || flat.length !== this.layerSizes[0]) throw new CodecError('invalid-input', 'wrong shape', 'wire');
      if (this.options.signs)
        return codecDescriptor('signs')
          .create()
          .encode(this.slots(signsOf(flat)));
      return this.weightsCodec().encode(this.slots(flat));
    } catch (e) {
      if (!(e instanceof CodecError)) throw e;
      return malformedBytes(rng, Math.max(16, Math.min(1 << 20, this.download.length)));
    }
  }

  /**
   * The server's decoding: the update, or null when the payload is rejected. A ranking update is
   * returned only if every layer is a permutation of its expected size (each ranking codec checks
   * while decoding); weights are returned unchecked for finiteness (validateUpdate).
   */
  decode(bytes: Uint8Array): ClientUpdate | null {
    try {
      if (this.kind === 'ranking') return { kind: 'ranking', layers: this.rankingCodec!.decode(bytes, { layerSizes: this.layerSizes }) };
      const expected = { layerSizes: this.slotSizes };
      const layers = this.options.signs
        ? codecDescriptor('signs').create().decode(bytes, expected)
        : this.weightsCodec().decode(bytes, expected);
      return { kind: 'weights', layers: [concat(layers, this.layerSizes[0])] };
    } catch (e) {
      if (e instanceof CodecError) return null;
      throw e;
    }
  }
}

function signsOf(flat: Float32Array): Int8Array {
  const s = new Int8Array(flat.length);
  for (let i = 0; i < flat.length; i++) s[i] = flat[i] < 0 ? -1 : flat[i] > 0 ? 1 : 0;
  return s;
}

function concat(layers: readonly (Float32Array | Int8Array)[], total: number): Float32Array {
  const out = new Float32Array(total);
  let off = 0;
  for (const l of layers) {
    for (let i = 0; i < l.length; i++) out[off + i] = l[i];
    off += l.length;
  }
  return out;
}
