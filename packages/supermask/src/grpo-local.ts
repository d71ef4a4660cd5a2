/**
 * A client's local GRPO training on unlabeled data (MM-UPT, Wei et al., arXiv 2505.22453, for a
 * classifier). Per step, on a batch of B inputs:
 *   1. sample G labels per input from softmax(z / T) (seeded; grpo-rollout.ts),
 *   2. majority vote per input -> rewards r_bg = [y_bg = m_b] -> group advantages A_bg, weighted
 *      by the opt-in confidence threshold and class-balance guard (grpo-guard.ts),
 *   3. loss = tokenMean(-s(ratio_bg, A_bg)) + klCoef * tokenMean(k3(logp_bg, logp_ref_bg))
 *      (@fedrank/rewards), logp at temperature T, the reference = the model the client received
 *      this round unless `anchors.reference` names another (e.g. the post-training base model),
 *   4. one SGD step (momentum, weight decay, lr cosine-annealed over the local epochs).
 * Rollouts: 'step' samples from the current local model at every step (on-policy: ratio 1, the
 * clip never binds); 'round' samples once per round from the received model and trains on those
 * samples for all local epochs (PPO: ratio = pi_local / pi_received, clipped low/high/dual).
 * Opt-in: `augment` samples each of the G labels from its own random view of the input
 * (grpo-augment.ts; 'step' rollout only): the vote is across views, the loss and the KL term are
 * taken on the views.
 *
 * The loss is evaluated twice per step on the same logits: as tfjs ops in float32 for the
 * gradient (grpoLoss), and in float64 over plain arrays for the reported statistics
 * (grpo-step-stats.ts), which also gives the clip fractions the tfjs loss does not compute.
 *
 * The model is abstract (`GrpoModel`): dense weights, or supermask scores trained through the
 * straight-through gradient. Labels of the local data are never read.
 */
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '@fedrank/random';
import { grpoLoss } from '@fedrank/rewards/tf';
import { augmentEnabled, augmentViews, type AugmentSettings } from './grpo-augment.js';
import type { GrpoAnchors, GrpoLocalOptions, GrpoLocalStats, GrpoModel } from './grpo-local-types.js';
import { batchLogSoftmax } from './grpo-model-logits.js';
import { grpoReferences } from './grpo-references.js';
import { roundRolloutBatch, sampleRoundRollout, sampleStepRollout, type RolloutSampling } from './grpo-rollout.js';
import { GrpoStatsTotals, grpoStepStats } from './grpo-step-stats.js';
import { grpoTokens, type ReferenceRows } from './grpo-tokens.js';
import { gatherInputs, type UnlabeledSource } from './predict.js';
import { cosineEpochLr } from './sgd.js';

export function runGrpoLocal(
  model: GrpoModel,
  data: UnlabeledSource,
  indices: Uint32Array,
  options: GrpoLocalOptions,
  rng: Rng,
  anchors: GrpoAnchors = {},
): GrpoLocalStats {
  const { grpo, localEpochs, batchSize } = options;
  const { groupSize: G, temperature: T, klCoef, clip, rollout } = grpo;
  const augment = augmentEnabled(grpo.augment) ? grpo.augment : undefined;
  if (augment && rollout === 'round') throw new Error("augment needs the 'step' rollout (views are drawn per step)");
  const classes = data.numClasses;
  const n = indices.length;
  const labelRng = rng.derive('grpo-labels');
  const viewRng = rng.derive('grpo-views');
  const refs = grpoReferences(model, data, indices, grpo, augment !== undefined, anchors);
  const sampling: RolloutSampling = {
    groupSize: G,
    temperature: T,
    minAgreement: grpo.minAgreement ?? 0,
    guard: refs.guard,
    rng: labelRng,
  };
  const fixed = rollout === 'round' && n > 0 ? sampleRoundRollout(refs.receivedLogits!, refs.receivedLogp!, classes, sampling) : undefined;

  const totals = new GrpoStatsTotals();
  const positions = Uint32Array.from({ length: n }, (_, i) => i);
  try {
    for (let epoch = 0; epoch < localEpochs && n > 0; epoch++) {
      const order = rng.shuffle(Uint32Array.from(positions));
      const lr = cosineEpochLr(options.lr, epoch, localEpochs);
      for (let from = 0; from < n; from += batchSize) {
        const pos = order.subarray(from, Math.min(from + batchSize, n));
        const x = batchInputs(data, indices, pos, G, augment, viewRng);
        // The KL reference's log-probs: of this batch's views, or of all local inputs at `pos`.
        const reference: ReferenceRows | undefined =
          klCoef > 0
            ? refs.refParams
              ? { rows: 'batch', logp: batchLogSoftmax(refs.refModel, x, refs.refParams, classes, T) }
              : { rows: 'positions', logp: refs.refLogp!, positions: pos }
            : undefined;
        const step = lossGradients(model, x, (logits) => {
          const z = logits.dataSync();
          const batch = fixed ? roundRolloutBatch(fixed, pos) : sampleStepRollout(logits, augment !== undefined, sampling);
          const tokens = grpoTokens(batch, augment !== undefined, classes, reference);
          return { loss: grpoLoss(logits, tokens, { ...clip, klCoef, temperature: T }), step: { z, batch, tokens } };
        });
        x.dispose();
        model.apply(step.grads, lr);
        const { z, batch, tokens } = step.step;
        totals.add(grpoStepStats(z, classes, pos.length, batch, tokens, { temperature: T, klCoef, clip }), pos.length);
      }
    }
  } finally {
    if (refs.refParams) tf.dispose(refs.refParams);
  }
  return totals.result(n);
}

/** The batch's inputs [B, H, W, C], or with augmentation their G views each [B * G, H, W, C]. */
function batchInputs(
  data: UnlabeledSource,
  indices: Uint32Array,
  pos: Uint32Array,
  G: number,
  augment: AugmentSettings | undefined,
  viewRng: Rng,
): tf.Tensor4D {
  const b = pos.length;
  const x = gatherInputs(
    data,
    Array.from(pos, (p) => indices[p]),
  );
  if (!augment) return x;
  const views = augmentViews(x.dataSync() as Float32Array, b, data.height, data.width, data.channels, G, augment, viewRng);
  x.dispose();
  return tf.tensor4d(views, [b * G, data.height, data.width, data.channels]);
}

/**
 * The gradients of `loss(logits of x)` with respect to the model's current parameters, and what
 * the loss function computed on the way (`step`).
 */
function lossGradients<S>(
  model: GrpoModel,
  x: tf.Tensor4D,
  loss: (logits: tf.Tensor2D) => { loss: tf.Scalar; step: S },
): { grads: Float32Array[]; step: S } {
  const out: { step?: S } = {};
  const params = model.tensors();
  const { value, grads } = tf.valueAndGrads((...ps: tf.Tensor[]) => {
    const r = loss(model.logits(x, ps));
    out.step = r.step;
    return r.loss;
  })(params);
  const g = grads.map((t) => t.dataSync() as Float32Array);
  tf.dispose([value, ...grads, ...params]);
  return { grads: g, step: out.step as S };
}
