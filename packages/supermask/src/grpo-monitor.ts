/**
 * Label-free monitoring of majority-vote post-training (MM-UPT, arXiv 2505.22453, for a
 * classifier), from a model's logits z_b on unlabeled inputs:
 *   agreement = mean_b |{g : y_bg = m_b}| / G  (G labels sampled from softmax(z_b / T), m_b their
 *               majority; equals the mean self-reward)
 *   unanimous = fraction of inputs whose G samples all agree (advantage 0: no GRPO signal)
 *   entropy   = mean_b H(softmax(z_b)), nats
 *   predictedClasses = histogram of argmax_c z_bc;  classBalance = H(histogram) / log C
 *               (1: predictions spread evenly over the classes, 0: one class; a collapse shows here)
 */
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '@fedrank/random';
import { sampleLabels } from '@fedrank/rewards/tf';
import { batchSelfReward, rowArgmax, rowEntropies } from './grpo-batch.js';

export interface PredictionMonitor {
  inputs: number;
  agreement: number;
  unanimous: number;
  entropy: number;
  predictedClasses: number[];
  classBalance: number;
}

export function monitorPredictions(
  logits: Float32Array,
  classes: number,
  groupSize: number,
  temperature: number,
  rng: Rng,
): PredictionMonitor {
  const n = Math.floor(logits.length / classes);
  const predictedClasses = new Array<number>(classes).fill(0);
  if (n === 0) return { inputs: 0, agreement: NaN, unanimous: NaN, entropy: NaN, predictedClasses, classBalance: NaN };
  const z = tf.tensor2d(logits, [n, classes]);
  const labels = sampleLabels(z, groupSize, temperature, rng);
  z.dispose();
  const { agreement } = batchSelfReward(labels);
  const h = rowEntropies(logits, classes);
  let agree = 0;
  let unanimous = 0;
  let entropy = 0;
  for (let i = 0; i < n; i++) {
    agree += agreement[i];
    unanimous += agreement[i] === 1 ? 1 : 0;
    entropy += h[i];
  }
  for (const c of rowArgmax(logits, classes)) predictedClasses[c]++;
  let hh = 0;
  for (const count of predictedClasses) if (count > 0) hh -= (count / n) * Math.log(count / n);
  return {
    inputs: n,
    agreement: agree / n,
    unanimous: unanimous / n,
    entropy: entropy / n,
    predictedClasses,
    classBalance: classes > 1 ? hh / Math.log(classes) : 1,
  };
}
