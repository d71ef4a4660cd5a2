/**
 * Where clients train: in this thread, or in a pool of worker threads (see worker-pool.ts). In
 * this thread, clients train one by one, or several as one computation where the model kind and
 * the backend support it (supermask on webgpu: see CLIENTS_TRAINED_TOGETHER).
 * The server publishes each round's global model to them before it asks for work.
 * Results come back in job order whatever the pool size, and evaluation is split into
 * fixed chunks summed in chunk order, so metrics do not depend on the pool size.
 */
import type { GlobalModel } from '../round/global-model.js';
import type { ClientTaskContext, EvalChunk, EvalChunkResult, TrainJob, TrainResult } from './client-task.js';

export interface ClientExecutor {
  readonly threads: number;
  /** Sends the global model to every client thread; later jobs name its version. */
  publish(global: GlobalModel): Promise<void>;
  train(jobs: readonly TrainJob[], onDone?: (done: number) => void): Promise<TrainResult[]>;
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

  async train(jobs: readonly TrainJob[], onDone?: (done: number) => void): Promise<TrainResult[]> {
    const out: TrainResult[] = [];
    const together = this.context.trainsClientsTogether ? CLIENTS_TRAINED_TOGETHER : 1;
    for (let i = 0; i < jobs.length; i += together) {
      if (together > 1) out.push(...(await this.context.trainTogether(jobs.slice(i, i + together))));
      else out.push(await this.context.train(jobs[i]));
      onDone?.(out.length);
      await yieldToEventLoop();
      if (this.shouldStop?.()) break;
    }
    return out;
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
