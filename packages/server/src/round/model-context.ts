/** What every round of a run shares, whatever trains its clients: built once, never changed. */
import type { Rng } from '@fedrank/random';
import type { Architecture } from '@fedrank/supermask';
import type { Aggregator } from '../aggregators/index.js';
import type { ModelConstants, ModelKind } from '../model-kinds/index.js';
import type { WireOptions } from '../wire.js';

export interface ModelContext {
  /** The run seed's root stream; every stream of a round derives from it by name and round. */
  root: Rng;
  arch: Architecture;
  kind: ModelKind;
  constants: ModelConstants;
  layerSizes: readonly number[];
  slotSizes: readonly number[];
  /** Each client's training sample indices. */
  partition: readonly Uint32Array[];
  wire: WireOptions;
  rule: Aggregator;
  serverLr: number;
}
