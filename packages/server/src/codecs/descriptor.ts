/**
 * What every codec exports from its own file: one descriptor with its name (as the ledger reports
 * it), its key in the run config (`communication.rankingCodec` / `weightsCodec`; none for a codec
 * the round picks itself), what it carries and a factory that binds it to the round (the delta
 * codec needs the global ranking the clients received). The registry (registry.ts) is the list.
 */
import type { Codec } from './codec.js';

/** What the round knows when it builds its codecs. */
export interface RoundCodecContext {
  /** FRL: the global ranking sent down this round (edge ids by ascending score, per layer). */
  readonly globalRanking: readonly Uint32Array[];
}

interface CodecDescriptorBase<N extends string> {
  readonly name: string;
  /** The value of the config key that selects it; absent when the round chooses it (signs for signsgd-mv). */
  readonly configName?: N;
}

export type CodecDescriptor<N extends string = string> =
  | (CodecDescriptorBase<N> & { readonly carries: 'ranking'; create(round: RoundCodecContext): Codec<Uint32Array[]> })
  | (CodecDescriptorBase<N> & { readonly carries: 'weights'; create(): Codec<Float32Array[]> })
  | (CodecDescriptorBase<N> & { readonly carries: 'signs'; create(): Codec<Int8Array[]> });
