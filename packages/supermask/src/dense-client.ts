/**
 * A client's local training of a dense network (the weight-based baselines), as the FRL
 * reference trains its FedAvg clients: start from the global parameters, SGD with momentum and
 * weight decay on weights and biases, cross-entropy, learning rate cosine-annealed over the local
 * epochs, seeded batch shuffling. The update is the weight delta, local - global (flat).
 * With `labelFlip` the client trains on labels y -> C - 1 - y (a data-poisoning attacker).
 */
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '@fedrank/random';
import { type Architecture } from './architectures.js';
import { crossEntropy } from './cross-entropy.js';
import { forward } from './forward.js';
import { gatherBatch, type SampleSource } from './client-data.js';
import { splitParams } from './dense-model.js';
import { cosineEpochLr, SgdMomentum } from './sgd.js';
import { flipLabels } from './supermask-client.js';

export interface DenseTrainingOptions {
  localEpochs: number;
  batchSize: number;
  lr: number;
  momentum: number;
  weightDecay: number;
  labelFlip?: boolean;
}

export interface DenseTrainingResult {
  delta: Float32Array;
  steps: number;
  samples: number;
  meanLoss: number;
}

export async function trainDenseClient(
  arch: Architecture,
  global: Float32Array,
  data: SampleSource,
  indices: Uint32Array,
  options: DenseTrainingOptions,
  rng: Rng,
): Promise<DenseTrainingResult> {
  const local = Float32Array.from(global);
  const { weights, biases } = splitParams(arch, local);
  const params = [...weights, ...biases];
  const sgd = new SgdMomentum(
    params.map((p) => p.length),
    { momentum: options.momentum, weightDecay: options.weightDecay },
  );
  const numClasses = data.numClasses;
  let steps = 0;
  let lossSum = 0;
  for (let epoch = 0; epoch < options.localEpochs && indices.length > 0; epoch++) {
    const order = rng.shuffle(Uint32Array.from(indices));
    const lr = cosineEpochLr(options.lr, epoch, options.localEpochs);
    for (let from = 0; from < order.length; from += options.batchSize) {
      const to = Math.min(from + options.batchSize, order.length);
      const { x, y } = gatherBatch(data, order, from, to);
      const yTrain = options.labelFlip ? flipLabels(y, numClasses) : y;
      const wTensors = arch.layers.map((layer, l) => tf.tensor(weights[l], layer.shape));
      const bTensors = biases.map((b) => tf.tensor1d(b));
      const { value, grads } = tf.valueAndGrads((...ps: tf.Tensor[]) =>
        crossEntropy(forward(arch, x, ps.slice(0, wTensors.length), ps.slice(wTensors.length)), yTrain, numClasses),
      )([...wTensors, ...bTensors]);
      tf.dispose([x, y, yTrain, ...wTensors, ...bTensors]);
      // tensor.data(), not dataSync(): WebGPU in Node has no synchronous read.
      const [lossValue, ...g] = (await Promise.all([value, ...grads].map((t) => t.data()))) as Float32Array[];
      tf.dispose([value, ...grads]);
      lossSum += lossValue[0];
      sgd.step(params, g, lr);
      steps++;
    }
  }
  const delta = local;
  for (let i = 0; i < delta.length; i++) delta[i] -= global[i];
  return { delta, steps, samples: indices.length, meanLoss: steps > 0 ? lossSum / steps : NaN };
}
