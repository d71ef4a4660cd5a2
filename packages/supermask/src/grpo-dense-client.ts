/**
 * Unsupervised GRPO post-training of a dense client (FedAvg + MM-UPT): the GRPO loss of
 * grpo-local.ts trains the weights and biases, starting from the global parameters it received;
 * the update is the flat delta local - global, which the server averages (or aggregates with
 * any weight rule). Optional anchors (flat parameters, e.g. the base model's): the KL reference
 * and the class-balance guard's reference (see grpo-local.ts).
 */
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '@fedrank/random';
import { type Architecture } from './architectures.js';
import { forward } from './forward.js';
import { splitParams } from './dense-model.js';
import { runGrpoLocal } from './grpo-local.js';
import type { GrpoAnchors, GrpoLocalOptions, GrpoLocalStats, GrpoModel } from './grpo-local-types.js';
import type { UnlabeledSource } from './predict.js';
import { SgdMomentum } from './sgd.js';

export interface GrpoDenseResult {
  /** local - global, flat. */
  delta: Float32Array;
  stats: GrpoLocalStats;
}

/** Dense parameters (flat: per layer its weights, then its bias) as a GRPO model. */
export class DenseGrpoModel implements GrpoModel {
  readonly params: Float32Array;
  private readonly weights: Float32Array[];
  private readonly biases: Float32Array[];
  private readonly sgd: SgdMomentum;

  constructor(
    private readonly arch: Architecture,
    global: Float32Array,
    options: { momentum: number; weightDecay: number },
  ) {
    this.params = Float32Array.from(global);
    const { weights, biases } = splitParams(arch, this.params);
    this.weights = weights;
    this.biases = biases;
    this.sgd = new SgdMomentum(
      [...weights, ...biases].map((p) => p.length),
      options,
    );
  }

  tensors(): tf.Tensor[] {
    return [...this.arch.layers.map((layer, l) => tf.tensor(this.weights[l], layer.shape)), ...this.biases.map((b) => tf.tensor1d(b))];
  }

  logits(x: tf.Tensor4D, params: readonly tf.Tensor[]): tf.Tensor2D {
    const l = this.arch.layers.length;
    return forward(this.arch, x, params.slice(0, l), params.slice(l));
  }

  apply(grads: Float32Array[], lr: number): void {
    this.sgd.step([...this.weights, ...this.biases], grads, lr);
  }
}

export function trainGrpoDenseClient(
  arch: Architecture,
  global: Float32Array,
  data: UnlabeledSource,
  indices: Uint32Array,
  options: GrpoLocalOptions,
  rng: Rng,
  anchors: { reference?: Float32Array; balance?: Float32Array } = {},
): GrpoDenseResult {
  const model = new DenseGrpoModel(arch, global, options);
  const asModel = (p?: Float32Array): GrpoModel | undefined => (p ? new DenseGrpoModel(arch, p, options) : undefined);
  const a: GrpoAnchors = { reference: asModel(anchors.reference), balance: asModel(anchors.balance) };
  const stats = runGrpoLocal(model, data, indices, options, rng, a);
  const delta = model.params;
  for (let i = 0; i < delta.length; i++) delta[i] -= global[i];
  return { delta, stats };
}
