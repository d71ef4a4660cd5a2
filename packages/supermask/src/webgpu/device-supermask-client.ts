/**
 * A client's local supermask training kept on the GPU (webgpu backend): the same schedule,
 * batches and update as SupermaskClientTrainer (supermask-client.ts), with the scores, the
 * momentum buffers and the frozen weights held in tensors between steps. A step masks on the
 * device (device-mask.ts, the exact top-k), runs the forward/backward pass in tfjs and applies
 * the straight-through SGD step (device-sgd.ts) without reading anything back; only the batch is
 * uploaded. The scores and the per-step losses are read back once, by `final()`.
 *
 * Float32 arithmetic on the device where the CPU optimizer uses double: the scores agree with the
 * CPU path to float rounding (see device-supermask-client.webgpu.test.ts for the bound).
 */
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '@fedrank/random';
import { type Architecture } from '../architectures.js';
import { crossEntropy } from '../cross-entropy.js';
import { forward } from '../forward.js';
import { gatherBatch, type SampleSource } from '../client-data.js';
import { cosineEpochLr } from '../sgd.js';
import { flipLabels, type LocalTrainingOptions, type LocalTrainingResult } from '../supermask-client.js';
import { maskedWeightsOnDevice } from './device-mask.js';
import { DeviceSgdMomentum } from './device-sgd.js';
import { frozenOnDevice } from './frozen-on-device.js';

export class DeviceSupermaskClientTrainer {
  private scores: tf.Tensor1D[];
  private readonly weights: readonly tf.Tensor1D[];
  private readonly sgd: DeviceSgdMomentum;
  private readonly losses: tf.Scalar[] = [];
  private epoch = 0;
  private cursor = 0;
  private order: Uint32Array;
  private finished = false;

  constructor(
    private readonly arch: Architecture,
    weights: readonly Float32Array[],
    globalScores: readonly Float32Array[],
    private readonly data: SampleSource,
    private readonly indices: Uint32Array,
    private readonly options: LocalTrainingOptions,
    private readonly rng: Rng,
  ) {
    this.weights = frozenOnDevice(weights);
    this.scores = globalScores.map((s) => tf.keep(tf.tensor1d(s)));
    this.sgd = new DeviceSgdMomentum(
      arch.layers.map((l) => l.size),
      { momentum: options.momentum, weightDecay: options.weightDecay },
    );
    this.order = this.shuffled();
  }

  private shuffled(): Uint32Array {
    return this.rng.shuffle(Uint32Array.from(this.indices));
  }

  get done(): boolean {
    return this.epoch >= this.options.localEpochs || this.indices.length === 0;
  }

  /** Trains on the next batch (nothing is read back); resolves to false once all local epochs are done. */
  step(): Promise<boolean> {
    return new Promise((resolve) => resolve(this.stepNow()));
  }

  private stepNow(): boolean {
    if (this.done) return false;
    const { batchSize, localEpochs } = this.options;
    const to = Math.min(this.cursor + batchSize, this.order.length);
    const lr = cosineEpochLr(this.options.lr, this.epoch, localEpochs);
    this.losses.push(this.trainBatch(this.cursor, to, lr));
    this.cursor = to;
    if (this.cursor >= this.order.length) {
      this.epoch++;
      this.cursor = 0;
      if (this.epoch < localEpochs) this.order = this.shuffled();
    }
    return !this.done;
  }

  private trainBatch(from: number, to: number, lr: number): tf.Scalar {
    const { keep, maskRule } = this.options;
    const layers = this.arch.layers;
    const numClasses = this.data.numClasses;
    return tf.tidy(() => {
      const { x, y: labels } = gatherBatch(this.data, this.order, from, to);
      const y = this.options.labelFlip ? flipLabels(labels, numClasses) : labels;
      const effective = layers.map((layer, l) =>
        tf.reshape(maskedWeightsOnDevice(this.scores[l], this.weights[l], keep, maskRule), layer.shape),
      );
      const { value, grads } = tf.valueAndGrads((...ws: tf.Tensor[]) => crossEntropy(forward(this.arch, x, ws), y, numClasses))(effective);
      this.scores = this.sgd.step(this.scores, grads, this.weights, lr, maskRule === 'reference' ? 'abs' : 'signed');
      return value as tf.Scalar;
    });
  }

  /** Reads the scores and the losses back (one download) and releases the device state. */
  async final(): Promise<LocalTrainingResult> {
    if (this.finished) throw new Error('DeviceSupermaskClientTrainer.final: already called');
    this.finished = true;
    const steps = this.losses.length;
    const all = tf.tidy(() => tf.concat([...this.scores, ...(steps > 0 ? [tf.stack(this.losses)] : [])]));
    let values: Float32Array;
    try {
      values = (await all.data()) as Float32Array;
    } finally {
      tf.dispose([all, ...this.scores, ...this.losses]);
      this.sgd.dispose();
    }
    let offset = 0;
    const scores = this.arch.layers.map((layer) => values.slice(offset, (offset += layer.size)));
    let lossSum = 0;
    for (let i = 0; i < steps; i++) lossSum += values[offset + i];
    return { scores, steps, samples: this.indices.length, meanLoss: steps > 0 ? lossSum / steps : NaN };
  }

  async train(): Promise<LocalTrainingResult> {
    while (await this.step());
    return this.final();
  }
}
