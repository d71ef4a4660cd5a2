/**
 * Several clients' local supermask training as one computation on the GPU (webgpu backend): the
 * clients of a round share the frozen weights and train from the same global scores, each on its
 * own data with its own shuffles, so one step advances every client by one batch: one mask
 * program pair and one SGD program pair per layer for all clients (device-mask.ts,
 * device-sgd.ts), and one forward/backward pass over the clients' batches stacked
 * (clients-forward.ts). Each client's batches, learning rates (cosine over its own epochs) and
 * update are those of SupermaskClientTrainer: its loss is the mean over its own batch (a shorter
 * last batch is padded with samples of weight 0), and a client that has finished keeps its
 * scores (learning rate 0) while the others go on. Nothing is read back until `final()`, which
 * reads every client's scores and losses at once.
 *
 * Float32 throughout and the batched products sum in another order than tfjs's conv2d, so a
 * client's result agrees with training it alone to float rounding (clients-training.webgpu.test.ts).
 */
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '@fedrank/random';
import { type Architecture } from '../architectures.js';
import { type SampleSource } from '../client-data.js';
import { cosineEpochLr } from '../sgd.js';
import type { LocalTrainingOptions, LocalTrainingResult } from '../supermask-client.js';
import { clientsForward } from './clients-forward.js';
import { clientMasksOnDevice } from './device-mask.js';
import { DeviceSgdMomentum } from './device-sgd.js';
import { frozenOnDevice } from './frozen-on-device.js';

/** One client of a batch: its data, its sample indices, its options and its random stream. */
export interface ClientTrainingJob {
  data: SampleSource;
  indices: Uint32Array;
  options: LocalTrainingOptions;
  rng: Rng;
}

/** A client's batches in SupermaskClientTrainer's order: a seeded shuffle per epoch. */
class ClientSchedule {
  epoch = 0;
  steps = 0;
  private cursor = 0;
  order: Uint32Array;

  constructor(private readonly job: ClientTrainingJob) {
    this.order = this.shuffled();
  }

  private shuffled(): Uint32Array {
    return this.job.rng.shuffle(Uint32Array.from(this.job.indices));
  }

  get done(): boolean {
    return this.epoch >= this.job.options.localEpochs || this.job.indices.length === 0;
  }

  /** The next batch (positions [from, to) of `order`, read before advancing) and its learning rate. */
  next(): { order: Uint32Array; from: number; to: number; lr: number } {
    const { batchSize, localEpochs, lr } = this.job.options;
    const batch = {
      order: this.order,
      from: this.cursor,
      to: Math.min(this.cursor + batchSize, this.order.length),
      lr: cosineEpochLr(lr, this.epoch, localEpochs),
    };
    this.steps++;
    this.cursor = batch.to;
    if (this.cursor >= this.order.length) {
      this.epoch++;
      this.cursor = 0;
      if (this.epoch < localEpochs) this.order = this.shuffled();
    }
    return batch;
  }
}

function sharedOptions(jobs: readonly ClientTrainingJob[]): LocalTrainingOptions {
  const first = jobs[0].options;
  const keys = ['localEpochs', 'batchSize', 'lr', 'momentum', 'weightDecay', 'keep', 'maskRule'] as const;
  for (const job of jobs) {
    for (const k of keys) if (job.options[k] !== first[k]) throw new Error(`DeviceSupermaskClientsTrainer: clients differ in ${k}`);
    const d = job.data;
    if (d.height !== jobs[0].data.height || d.width !== jobs[0].data.width || d.channels !== jobs[0].data.channels)
      throw new Error('DeviceSupermaskClientsTrainer: clients differ in their sample shape');
  }
  return first;
}

/** k copies of `values` one after the other (built here: tfjs's tile reads its input back). */
function repeated(values: Float32Array, k: number): Float32Array {
  const out = new Float32Array(values.length * k);
  for (let c = 0; c < k; c++) out.set(values, c * values.length);
  return out;
}

export class DeviceSupermaskClientsTrainer {
  private scores: tf.Tensor1D[];
  private readonly weights: readonly tf.Tensor1D[];
  private readonly sgd: DeviceSgdMomentum;
  private readonly schedules: ClientSchedule[];
  private readonly options: LocalTrainingOptions;
  /** Per step, the clients' losses [clients] (0 for a client that has finished). */
  private readonly losses: tf.Tensor1D[] = [];
  private finished = false;

  constructor(
    private readonly arch: Architecture,
    weights: readonly Float32Array[],
    globalScores: readonly Float32Array[],
    private readonly jobs: readonly ClientTrainingJob[],
  ) {
    if (jobs.length === 0) throw new Error('DeviceSupermaskClientsTrainer: no clients');
    this.options = sharedOptions(jobs);
    const k = jobs.length;
    this.weights = frozenOnDevice(weights);
    this.scores = globalScores.map((s) => tf.keep(tf.tensor1d(repeated(s, k))));
    this.sgd = new DeviceSgdMomentum(
      arch.layers.map((l) => l.size),
      { momentum: this.options.momentum, weightDecay: this.options.weightDecay },
      k,
    );
    this.schedules = jobs.map((job) => new ClientSchedule(job));
  }

  get clients(): number {
    return this.jobs.length;
  }

  get done(): boolean {
    return this.schedules.every((s) => s.done);
  }

  /** One batch for every client that has not finished (nothing is read back); false once all have. */
  step(): Promise<boolean> {
    return new Promise((resolve) => resolve(this.stepNow()));
  }

  private stepNow(): boolean {
    if (this.done) return false;
    const k = this.clients;
    const { batchSize, keep, maskRule } = this.options;
    const { height, width, channels, numClasses } = this.jobs[0].data;
    const pixels = height * width * channels;
    const xs = new Float32Array(k * batchSize * pixels);
    const ys = new Int32Array(k * batchSize);
    const sampleWeights = new Float32Array(k * batchSize);
    const lrs = new Array<number>(k).fill(0);
    this.schedules.forEach((schedule, c) => {
      if (schedule.done) return;
      const { data, options } = this.jobs[c];
      const { order, from, to, lr } = schedule.next();
      lrs[c] = lr;
      for (let i = from; i < to; i++) {
        const row = c * batchSize + (i - from);
        const idx = order[i];
        xs.set(data.images.subarray(idx * pixels, (idx + 1) * pixels), row * pixels);
        ys[row] = options.labelFlip ? numClasses - 1 - data.labels[idx] : data.labels[idx];
        sampleWeights[row] = 1 / (to - from);
      }
    });
    const layers = this.arch.layers;
    const losses = tf.tidy(() => {
      const x = tf.tensor4d(xs, [k * batchSize, height, width, channels]);
      const oneHot = tf.oneHot(tf.tensor1d(ys, 'int32'), numClasses);
      const w = tf.tensor1d(sampleWeights);
      const effective = layers.map((layer, l) =>
        tf.reshape(clientMasksOnDevice(this.scores[l], this.weights[l], k, keep, maskRule), [k, ...layer.shape]),
      );
      let perClient: tf.Tensor1D | undefined;
      const { grads } = tf.valueAndGrads((...ws: tf.Tensor[]) => {
        const logp = tf.logSoftmax(clientsForward(this.arch, x, ws, k));
        const weighted = tf.mul(tf.neg(tf.sum(tf.mul(oneHot, logp), 1)), w);
        perClient = tf.keep(tf.sum(tf.reshape(weighted, [k, batchSize]), 1) as tf.Tensor1D);
        return tf.sum(weighted) as tf.Scalar;
      })(effective);
      this.scores = this.sgd.step(this.scores, grads, this.weights, lrs, maskRule === 'reference' ? 'abs' : 'signed');
      return perClient!;
    });
    this.losses.push(losses);
    return !this.done;
  }

  /** Reads every client's scores and losses back (one download) and releases the device state. */
  async final(): Promise<LocalTrainingResult[]> {
    if (this.finished) throw new Error('DeviceSupermaskClientsTrainer.final: already called');
    this.finished = true;
    const k = this.clients;
    const all = tf.tidy(() => tf.concat([...this.scores, ...this.losses]));
    let values: Float32Array;
    try {
      values = (await all.data()) as Float32Array;
    } finally {
      tf.dispose([all, ...this.scores, ...this.losses]);
      this.sgd.dispose();
    }
    const layerOffsets: number[] = [];
    let offset = 0;
    for (const layer of this.arch.layers) {
      layerOffsets.push(offset);
      offset += k * layer.size;
    }
    return this.schedules.map((schedule, c) => {
      const scores = this.arch.layers.map((layer, l) =>
        values.slice(layerOffsets[l] + c * layer.size, layerOffsets[l] + (c + 1) * layer.size),
      );
      let lossSum = 0;
      for (let s = 0; s < schedule.steps; s++) lossSum += values[offset + s * k + c];
      const steps = schedule.steps;
      return { scores, steps, samples: this.jobs[c].indices.length, meanLoss: steps > 0 ? lossSum / steps : NaN };
    });
  }

  async train(): Promise<LocalTrainingResult[]> {
    while (await this.step());
    return this.final();
  }
}
