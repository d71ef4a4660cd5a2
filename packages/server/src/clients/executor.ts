/**
 * Where clients train: in this thread, or in a pool of worker threads (see worker-pool.ts). In
 * this thread, clients train one by one, or several as one computation where the model kind and
 * the backend support it (supermask on webgpu: see CLIENTS_TRAINED_TOGETHER).
 * The server publishes each round's global model to them before it asks for work.
 * Training results are handed over one by one as they finish (in any order; each names its
 * client, and nothing is kept), so the server can take each upload while the others train.
 * Evaluation is split into fixed chunks summed in chunk order, so metrics do not depend on the
 * pool size.
 */
import type { GlobalModel } from '../round/global-model.js';
import type { ClientTaskContext, EvalChunk, EvalChunkResult, TrainJob, TrainResult } from './client-task.js';

export interface ClientExecutor {
  readonly threads: number;
  /** Sends the global model to every client thread; later jobs name its version. */
  publish(global: GlobalModel): Promise<void>;
  /**
   * Trains the jobs, calling `onResult` with each result as it finishes (`done`: results so far).
   * Returns how many finished: fewer than the jobs when the run was asked to stop.
   */
  train(jobs: readonly TrainJob[], onResult: (result: TrainResult, done: number) => void): Promise<number>;
  evaluate(chunks: readonly EvalChunk[], version: number): Promise<EvalChunkResult[]>;
  close(): Promise<void>;
}

/**
 * Clients trained as one computation where the context can (supermask on webgpu): the device
 * then holds this many copies of the scores, momentum buffers, effective weights and gradients
 * (for LeNet on 28x28 images about 4 x 1.7 MB per client).
 */
export const CLIENTS_TRAINED_TOGETHER = 32;

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export class InProcessExecutor implements ClientExecutor {
  readonly threads = 1;
  constructor(
    private readonly context: ClientTaskContext,
    private readonly shouldStop?: () => boolean,
  ) {}

  publish(global: GlobalModel): Promise<void> {
    this.context.publish(global);
    return Promise.resolve();
  }

  async train(jobs: readonly TrainJob[], onResult: (result: TrainResult, done: number) => void): Promise<number> {
    let done = 0;
    const together = this.context.trainsClientsTogether ? CLIENTS_TRAINED_TOGETHER : 1;
    for (let i = 0; i < jobs.length; i += together) {
      const results = together > 1 ? await this.context.trainTogether(jobs.slice(i, i + together)) : [await this.context.train(jobs[i])];
      for (const r of results) onResult(r, ++done);
      await yieldToEventLoop();
      if (this.shouldStop?.()) break;
    }
    return done;
  }

  async evaluate(chunks: readonly EvalChunk[], version: number): Promise<EvalChunkResult[]> {
    const out: EvalChunkResult[] = [];
    for (const c of chunks) out.push(await this.context.evaluate(c, version));
    return out;
  }

  async close(): Promise<void> {}
}

/** Splits [0, count) into fixed chunks of `size` samples. */
export function evalChunks(count: number, size: number, batchSize: number): EvalChunk[] {
  const chunks: EvalChunk[] = [];
  for (let from = 0; from < count; from += size) chunks.push({ from, to: Math.min(count, from + size), batchSize });
  return chunks;
}
