/**
 * A model kind owns everything that differs between training supermasks (FRL: scores over frozen
 * random weights, clients upload per-layer rankings) and dense weights (the weight-based rules:
 * clients upload the flat weight delta): initialization, one client's local training, what
 * travels on the wire, how an aggregate moves the global model, and the weights used for
 * inference. The round stages call these methods instead of branching on the kind.
 */
import type { Rng } from '@fedrank/random';
import type { Architecture, LocalTrainingOptions, MaskRule, SampleSource } from '@fedrank/supermask';
import type { AggregationContext, Aggregator } from '../aggregators/index.js';
import type { ClientUpdate } from '../updates.js';

export type ModelKindName = 'supermask' | 'dense';
export type UpdateKind = ClientUpdate['kind'];

/** The parts of the model that never change during a run (supermask: the frozen weights). */
export interface ModelConstants {
  /** supermask: frozen weights per layer; dense: none. */
  frozen: Float32Array[];
  /** supermask: each layer's round-0 score values sorted ascending (a vote rebuilds scores from them); dense: none. */
  sortedInitial: Float32Array[];
  keep: number;
  maskRule: MaskRule;
}

/** What a client's local training returns, before the wire. */
export interface LocalResult {
  update: ClientUpdate;
  meanLoss: number;
  steps: number;
  samples: number;
}

export interface SavedParams {
  weights: Float32Array[];
  scores: Float32Array[];
}

export interface InferenceWeights {
  weights: Float32Array[];
  biases?: Float32Array[];
}

export interface ModelKind {
  readonly name: ModelKindName;
  /** What its clients upload and its rules consume. */
  readonly update: UpdateKind;
  /** The global parameters at round 0 (supermask: scores per layer; dense: [flat parameters]) and the constants. */
  init(arch: Architecture, rng: Rng, keep: number, maskRule: MaskRule): { params: Float32Array[]; constants: ModelConstants };
  /** Rebuilds the constants of a saved model from its frozen weights and the scores it started from. */
  constants(frozen: Float32Array[], initialParams: readonly Float32Array[], keep: number, maskRule: MaskRule): ModelConstants;
  /** The sizes of the blocks a weights codec sees (dense: per layer its weights, then its bias). */
  slotSizes(arch: Architecture, layerSizes: readonly number[]): number[];
  /** One client's supervised local training from the global parameters. */
  trainLocal(
    arch: Architecture,
    constants: ModelConstants,
    params: readonly Float32Array[],
    data: SampleSource,
    indices: Uint32Array,
    training: Omit<LocalTrainingOptions, 'keep' | 'maskRule'>,
    rng: Rng,
  ): Promise<LocalResult>;
  /** The next global parameters (a new value; `params` is not modified), or `params` itself when nothing was accepted. */
  applyAggregate(
    rule: Aggregator,
    accepted: readonly ClientUpdate[],
    ctx: AggregationContext,
    params: readonly Float32Array[],
    constants: ModelConstants,
    serverLr: number,
  ): Float32Array[];
  /** A model as saved (model/ of a run): supermask {weights: frozen, scores: params}; dense {weights: [params], scores: []}. */
  toSaved(constants: ModelConstants, params: readonly Float32Array[]): SavedParams;
  /** The blocks of a saved model's files (model/weights.bin, model/scores.bin): float32 counts per block; scores absent when the kind saves none. */
  savedLayout(arch: Architecture): { weights: number[]; scores?: number[] };
  /** The global parameters and constants of a saved model. */
  fromSaved(saved: SavedParams, keep: number, maskRule: MaskRule): { params: Float32Array[]; constants: ModelConstants };
  /** The network's weights (and biases) for inference under the given global parameters. */
  inference(arch: Architecture, constants: ModelConstants, params: readonly Float32Array[]): InferenceWeights;
  /** A saved model in a few words ('supermask lenet, reference mask'). */
  describe(saved: SavedModelInfo): string;
  /** Why a post-training config cannot continue a saved model of this kind (the field to fix and the reason), or undefined. */
  postTrainingMismatch(saved: SavedModelInfo, config: PostTrainingModelConfig): { field: string; message: string } | undefined;
}

/** What a saved model records besides its parameters. */
export interface SavedModelInfo {
  arch: Architecture;
  keep: number;
  maskRule: MaskRule;
}

/** The parts of a post-training config a saved model constrains. */
export interface PostTrainingModelConfig {
  aggregator: string;
  /** What that rule consumes. */
  consumes: UpdateKind;
  keep: number;
  maskRule: MaskRule;
}
