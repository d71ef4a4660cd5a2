/**
 * Unsupervised GRPO post-training of a supermask client (FRL + MM-UPT): the GRPO loss of
 * grpo-local.ts trains the client's scores over the frozen weights through edge-popup's
 * straight-through gradient (see sgd.ts: 'abs' for the reference mask rule, 'signed' for
 * top-rank), starting from the global scores it received. The update it sends is still a
 * ranking (`rankingsOf(scores)`), which the server's Borda vote aggregates. Optional anchors
 * (score vectors, e.g. the base model's): the KL reference and the class-balance guard's
 * reference (see grpo-local.ts).
 */
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '@fedrank/random';
import { type Architecture } from './architectures.js';
import { forward } from './forward.js';
import { runGrpoLocal } from './grpo-local.js';
import type { GrpoAnchors, GrpoLocalOptions, GrpoLocalStats, GrpoModel } from './grpo-local-types.js';
import { type MaskRule, maskedWeights } from './mask-rule.js';
import type { UnlabeledSource } from './predict.js';
import { SgdMomentum } from './sgd.js';

export interface GrpoSupermaskOptions extends GrpoLocalOptions {
  keep: number;
  maskRule: MaskRule;
}

export interface GrpoSupermaskResult {
  /** The client's trained scores per layer. */
  scores: Float32Array[];
  stats: GrpoLocalStats;
}

/** Supermask scores as a GRPO model: forward on w * mask(scores), straight-through step. */
export class SupermaskGrpoModel implements GrpoModel {
  readonly scores: Float32Array[];
  private readonly effective: Float32Array[];
  private readonly sgd: SgdMomentum;

  constructor(
    private readonly arch: Architecture,
    private readonly weights: readonly Float32Array[],
    globalScores: readonly Float32Array[],
    private readonly options: { momentum: number; weightDecay: number; keep: number; maskRule: MaskRule },
  ) {
    this.scores = globalScores.map((s) => Float32Array.from(s));
    this.effective = arch.layers.map((l) => new Float32Array(l.size));
    this.sgd = new SgdMomentum(
      arch.layers.map((l) => l.size),
      { momentum: options.momentum, weightDecay: options.weightDecay },
    );
  }

  tensors(): tf.Tensor[] {
    return this.arch.layers.map((layer, l) => {
      maskedWeights(this.scores[l], this.weights[l], this.options.keep, this.options.maskRule, this.effective[l]);
      return tf.tensor(this.effective[l], layer.shape);
    });
  }

  logits(x: tf.Tensor4D, params: readonly tf.Tensor[]): tf.Tensor2D {
    return forward(this.arch, x, params);
  }

  apply(grads: Float32Array[], lr: number): void {
    this.sgd.step(this.scores, grads, lr, this.options.maskRule === 'reference' ? 'abs' : 'signed', this.weights);
  }
}

export function trainGrpoSupermaskClient(
  arch: Architecture,
  weights: readonly Float32Array[],
  globalScores: readonly Float32Array[],
  data: UnlabeledSource,
  indices: Uint32Array,
  options: GrpoSupermaskOptions,
  rng: Rng,
  anchors: { reference?: readonly Float32Array[]; balance?: readonly Float32Array[] } = {},
): GrpoSupermaskResult {
  const model = new SupermaskGrpoModel(arch, weights, globalScores, options);
  const asModel = (s?: readonly Float32Array[]): GrpoModel | undefined =>
    s ? new SupermaskGrpoModel(arch, weights, s, options) : undefined;
  const a: GrpoAnchors = { reference: asModel(anchors.reference), balance: asModel(anchors.balance) };
  const stats = runGrpoLocal(model, data, indices, options, rng, a);
  return { scores: model.scores, stats };
}
