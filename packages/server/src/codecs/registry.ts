/**
 * Every codec: one import and one line per codec. The run config's `communication` keys, the
 * round's wire and the ledger's codec names are derived from this list.
 */
import { rankingBitpackedDescriptor } from './ranking-bitpacked.js';
import { rankingDeltaDescriptor } from './ranking-delta.js';
import { signs1BitDescriptor } from './signs-1bit.js';
import { weightsFloat32Descriptor } from './weights-float32.js';
import { weightsFloat32DeflateDescriptor } from './weights-float32-deflate.js';

export const CODECS = [
  rankingBitpackedDescriptor,
  rankingDeltaDescriptor,
  weightsFloat32Descriptor,
  weightsFloat32DeflateDescriptor,
  signs1BitDescriptor,
] as const;
