/**
 * What local GRPO training compares the trained model with, computed once per round before the
 * first step: the received model's logits on every local input (the 'round' rollout's policy, the
 * KL reference by default, the guard's current histogram), the KL reference's log-probs (or, with
 * augmented views, a snapshot of its parameters to score each step's views), and the
 * class-balance guard's weights.
 */
import * as tf from '@tensorflow/tfjs';
import { logSoftmaxRows } from './grpo-batch.js';
import { argmaxCounts, classGuard, type ClassGuard } from './grpo-guard.js';
import type { GrpoAnchors, GrpoModel, GrpoSettings } from './grpo-local-types.js';
import { currentLogits } from './grpo-model-logits.js';
import type { UnlabeledSource } from './predict.js';

export interface GrpoReferences {
  /** The received model's logits on every local input (positions 0..n-1), where needed. */
  receivedLogits?: Float32Array;
  /** Their log softmax(z / T) rows. */
  receivedLogp?: Float64Array;
  /** The KL reference's log softmax(z / T) rows on every local input (KL on, without views). */
  refLogp?: Float64Array;
  /** The KL reference model. */
  refModel: GrpoModel;
  /** A snapshot of the KL reference's parameters (KL on, with views); the caller disposes it. */
  refParams?: tf.Tensor[];
  /** The class-balance guard's weights (given, or from the anchors' histograms). */
  guard?: ClassGuard;
}

export function grpoReferences(
  model: GrpoModel,
  data: UnlabeledSource,
  indices: Uint32Array,
  grpo: GrpoSettings,
  augmented: boolean,
  anchors: GrpoAnchors,
): GrpoReferences {
  const { klCoef, temperature: T, rollout } = grpo;
  const power = grpo.balanceGuard ?? 0;
  const classes = data.numClasses;
  const n = indices.length;
  const refModel = anchors.reference ?? model;
  const needReceived = rollout === 'round' || (klCoef > 0 && !anchors.reference) || (power > 0 && !grpo.classGuard && n > 0);
  const receivedLogits = needReceived ? currentLogits(model, data, indices) : undefined;
  const receivedLogp = receivedLogits ? logSoftmaxRows(receivedLogits, classes, T) : undefined;
  const refLogp =
    klCoef > 0 && !augmented
      ? anchors.reference
        ? logSoftmaxRows(currentLogits(refModel, data, indices), classes, T)
        : receivedLogp
      : undefined;
  const refParams = klCoef > 0 && augmented && n > 0 ? snapshot(refModel.tensors()) : undefined;
  let guard: ClassGuard | undefined = grpo.classGuard;
  if (!guard && power > 0 && n > 0) {
    if (!anchors.balance) throw new Error('balanceGuard needs the model whose class histogram it keeps (anchors.balance)');
    guard = classGuard(argmaxCounts(currentLogits(anchors.balance, data, indices), classes), argmaxCounts(receivedLogits!, classes), power);
  }
  return { receivedLogits, receivedLogp, refLogp, refModel, refParams, guard };
}

/** Copies of the tensors with their own data (a tensor made from a typed array may share it), disposing the originals. */
function snapshot(ts: tf.Tensor[]): tf.Tensor[] {
  const out = ts.map((t) => tf.tensor(Float32Array.from(t.dataSync()), t.shape));
  tf.dispose(ts);
  return out;
}
