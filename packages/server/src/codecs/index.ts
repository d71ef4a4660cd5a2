/**
 * Wire codecs for every message of a round: client updates up, global state down.
 * Each payload is a header (magic "FR", version, codec id, layer sizes; see codec.ts) and a
 * codec-specific body (see the comment at the top of each codec's file). Decoders throw only
 * CodecError.
 *
 *   ranking-bitpacked (1)       rankings, ceil(log2 n) bits per edge; also the FRL global ranking sent down
 *   ranking-delta (2)           rankings relative to the global ranking the client received, entropy coded
 *   weights-float32 (3)         weights / weight updates, raw float32; also the FedAvg global model sent down
 *   weights-float32-deflate (4) the same, byte-shuffled and deflated
 *   signs-1bit (5)              SignSGD sign vectors, 1 bit per parameter (0 sent as +1)
 */
export { CodecError, type CodecErrorCode } from './errors.js';
export { bindContext, type Codec, CODEC_IDS, type CodecId, type DecodeExpectation, headerLength, peekCodecId } from './codec.js';
export { bitWidth } from './bits.js';
export { sameLayers } from './compare.js';
export { bitpackedBits, informationBits, log2Factorial } from './information.js';
export { bitpackedPayloadBytes, rankingBitpackedCodec } from './ranking-bitpacked.js';
export { RankingReference } from './ranking-reference.js';
export {
  createRankingDeltaCodec,
  DELTA_METHODS,
  type DeltaLayerStats,
  rankingDeltaCodec,
  type RankingDeltaOptions,
} from './ranking-delta.js';
export { weightsFloat32Codec } from './weights-float32.js';
export { weightsFloat32DeflateCodec } from './weights-float32-deflate.js';
export { signs1BitCodec } from './signs-1bit.js';
export type { CodecDescriptor, RoundCodecContext } from './descriptor.js';
export { CODECS } from './registry.js';
export { codecConfigNames, codecDescriptor, type RankingCodecName, type WeightsCodecName } from './select-codec.js';
