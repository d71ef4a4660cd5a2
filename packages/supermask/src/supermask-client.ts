/**
 * A client's local supermask training (edge-popup scores over frozen weights), as in the FRL
 * reference: start from the global scores, SGD (momentum, weight decay) on the scores only,
 * cross-entropy loss, learning rate cosine-annealed over the local epochs and stepped per epoch,
 * batches drawn by a seeded shuffle each epoch. The update sent to the server is, per layer,
 * the edge ids sorted by ascending score (see `rankingsOf`).
 *
 * Trainer lifecycle: construct (init), `step()` one batch at a time, `final()`; `train()` runs
 * everything. The forward/backward pass runs in tfjs on the effective weights w * mask; the mask,
 * the straight-through gradient and the optimizer run on typed arrays: the first step selects
 * the mask in full, each SGD step then finds the next one near the previous threshold
 * (IncrementalMask). On wasm the step reads the gradients and writes the next effective weights in
 * place on the heap (no copies). Elsewhere steps are async because the gradients are read back with
 * tensor.data(): WebGPU in Node has no synchronous read.
 */
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '@fedrank/random';
import { wasmHeapTensors, type HeapTensors } from '@fedrank/tensor';
import { argsortFloat32 } from '@fedrank/voting';
import { type Architecture } from './architectures.js';
import { crossEntropy } from './cross-entropy.js';
import { forward } from './forward.js';
import { gatherBatch, type SampleSource } from './client-data.js';
import { IncrementalMask, type IncrementalMaskCounts } from './incremental-mask.js';
import { type MaskRule } from './mask-rule.js';
import { cosineEpochLr, SgdMomentum } from './sgd.js';

export interface LocalTrainingOptions {
  localEpochs: number;
  batchSize: number;
  /** Learning rate for this round (already multiplied by lrDecay^round). */
  lr: number;
  momentum: number;
  weightDecay: number;
  keep: number;
  maskRule: MaskRule;
  /** Train on labels y -> C - 1 - y (a label-flipping attacker). */
  labelFlip?: boolean;
}

export interface LocalTrainingResult {
  scores: Float32Array[];
  steps: number;
  samples: number;
  meanLoss: number;
}

export class SupermaskClientTrainer {
  readonly scores: Float32Array[];
  private readonly effective: Float32Array[];
  private readonly sgd: SgdMomentum;
  private readonly mask: IncrementalMask;
  /** `effective` holds the mask of the current scores (set by the last SGD step). */
  private masked = false;
  /** On wasm: the heap tensors the last SGD step wrote the effective weights into (then `effective` is stale). */
  private heapWeights: tf.Tensor[] | null = null;
  private readonly heap: HeapTensors | null;
  private epoch = 0;
  private cursor = 0;
  private order: Uint32Array;
  private lossSum = 0;
  private steps = 0;

  constructor(
    private readonly arch: Architecture,
    private readonly weights: readonly Float32Array[],
    globalScores: readonly Float32Array[],
    private readonly data: SampleSource,
    private readonly indices: Uint32Array,
    private readonly options: LocalTrainingOptions,
    private readonly rng: Rng,
    /** false: always the JavaScript kernels (tests compare both). */
    useNative = true,
    /** false: on wasm too, copy weights and gradients through JavaScript arrays (tests compare both). */
    inPlace = true,
  ) {
    this.heap = inPlace ? wasmHeapTensors() : null;
    this.scores = globalScores.map((s) => Float32Array.from(s));
    this.effective = arch.layers.map((l) => new Float32Array(l.size));
    const sizes = arch.layers.map((l) => l.size);
    this.sgd = new SgdMomentum(sizes, { momentum: options.momentum, weightDecay: options.weightDecay }, useNative);
    this.mask = new IncrementalMask(sizes, options.keep, options.maskRule, useNative);
    this.order = this.shuffled();
  }

  private shuffled(): Uint32Array {
    return this.rng.shuffle(Uint32Array.from(this.indices));
  }

  get done(): boolean {
    return this.epoch >= this.options.localEpochs || this.indices.length === 0;
  }

  /** Trains on the next batch; resolves to false once all local epochs are done. */
  async step(): Promise<boolean> {
    if (this.done) return false;
    const { batchSize, localEpochs } = this.options;
    const to = Math.min(this.cursor + batchSize, this.order.length);
    const lr = cosineEpochLr(this.options.lr, this.epoch, localEpochs);
    const loss = await this.trainBatch(this.cursor, to, lr);
    this.lossSum += loss;
    this.steps++;
    this.cursor = to;
    if (this.cursor >= this.order.length) {
      this.epoch++;
      this.cursor = 0;
      if (this.epoch < localEpochs) this.order = this.shuffled();
    }
    return !this.done;
  }

  /** The effective weights w * mask of the current scores, which the next step trains. */
  get maskedWeights(): readonly Float32Array[] {
    if (this.heapWeights) return this.heapWeights.map((t) => t.dataSync() as Float32Array);
    this.ensureMasked();
    return this.effective;
  }

  private ensureMasked(): void {
    if (this.masked) return;
    for (let l = 0; l < this.arch.layers.length; l++) this.mask.full(l, this.scores[l], this.weights[l], this.effective[l]);
    this.masked = true;
  }

  /** How the masks were found so far (band, widened band, full selection), per layer step. */
  get maskCounts(): Readonly<IncrementalMaskCounts> {
    return this.mask.counts;
  }

  private async trainBatch(from: number, to: number, lr: number): Promise<number> {
    const layers = this.arch.layers;
    this.ensureMasked();
    const { x, y: labels } = gatherBatch(this.data, this.order, from, to);
    const y = this.options.labelFlip ? flipLabels(labels, this.data.numClasses) : labels;
    const wTensors = this.heapWeights ?? layers.map((layer, l) => tf.tensor(this.effective[l], layer.shape));
    this.heapWeights = null;
    const numClasses = this.data.numClasses;
    const { value, grads } = tf.valueAndGrads((...ws: tf.Tensor[]) => crossEntropy(forward(this.arch, x, ws), y, numClasses))(wTensors);
    tf.dispose([x, y, labels, ...wTensors]);
    if (this.heap) {
      // wasm: the step reads the gradients and writes the next weights in place on the heap.
      const next = layers.map((layer) => this.heap!.allocate(layer.shape));
      const loss = (value.dataSync() as Float32Array)[0];
      const [gradViews, nextViews] = [this.heap.views(grads), this.heap.views(next)];
      this.sgd.stepMasked(this.scores, gradViews, lr, this.weights, this.mask, nextViews);
      tf.dispose([value, ...grads]);
      this.heapWeights = next;
      return loss;
    }
    const [lossValue, ...gradEff] = (await Promise.all([value, ...grads].map((t) => t.data()))) as Float32Array[];
    tf.dispose([value, ...grads]);
    const loss = lossValue[0];
    this.sgd.stepMasked(this.scores, gradEff, lr, this.weights, this.mask, this.effective);
    return loss;
  }

  final(): LocalTrainingResult {
    if (this.heapWeights) tf.dispose(this.heapWeights);
    this.heapWeights = null;
    return {
      scores: this.scores,
      steps: this.steps,
      samples: this.indices.length,
      meanLoss: this.steps > 0 ? this.lossSum / this.steps : NaN,
    };
  }

  async train(): Promise<LocalTrainingResult> {
    while (await this.step());
    return this.final();
  }
}

/** y -> C - 1 - y: the label-flipping attack's poisoned labels. */
export function flipLabels(y: tf.Tensor1D, numClasses: number): tf.Tensor1D {
  return tf.tidy(() => tf.sub(tf.scalar(numClasses - 1, 'int32'), y));
}

/** A client's update: per layer, the edge ids sorted by ascending score. */
export function rankingsOf(scores: readonly Float32Array[]): Uint32Array[] {
  return scores.map((s) => argsortFloat32(s));
}
