/**
 * A pool of worker threads, each with its own tfjs backend, training clients and evaluating
 * test chunks in parallel. The dataset and frozen weights are shared memory; each round's global
 * model is posted to every worker (a copy each); rankings come back as transferred buffers. Jobs
 * are handed out one at a time to whichever worker is free; a worker gets its next job before the
 * server handles the result it just returned.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { BackendName } from '@fedrank/tensor';
import type { ClientTaskSetup, EvalChunk, EvalChunkResult, TrainJob, TrainResult } from './client-task.js';
import type { GlobalModel } from '../round/global-model.js';
import type { ClientExecutor } from './executor.js';
import type { FromWorker, ToWorker } from './worker-protocol.js';

/** The compiled worker script (tests run the TypeScript sources; workers always run dist/). */
export function workerScriptPath(): string {
  const here = fileURLToPath(new URL('./client-worker.js', import.meta.url));
  if (existsSync(here)) return here;
  const dist = here.replace(/([/\\])src([/\\])clients([/\\])client-worker\.js$/, '$1dist$2clients$3client-worker.js');
  if (existsSync(dist)) return dist;
  throw new Error(`worker script not found at ${here} or ${dist}: run 'npm run build' first`);
}

interface Pending {
  resolve: (msg: FromWorker) => void;
  reject: (e: Error) => void;
}

class PoolWorker {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  readonly ready: Promise<void>;

  constructor(backend: BackendName, setup: ClientTaskSetup) {
    this.worker = new Worker(workerScriptPath());
    this.ready = new Promise((resolve, reject) => {
      this.pending.set(-1, { resolve: () => resolve(), reject });
    });
    this.worker.on('message', (msg: FromWorker) => {
      const id = msg.type === 'ready' ? -1 : msg.id;
      const p = this.pending.get(id);
      if (!p) return;
      this.pending.delete(id);
      if (msg.type === 'error') p.reject(new Error(`client worker: ${msg.message}`));
      else p.resolve(msg);
    });
    this.worker.on('error', (e) => this.failAll(e));
    this.worker.on('exit', (code) => {
      if (this.pending.size > 0) this.failAll(new Error(`client worker exited with code ${code}`));
    });
    this.post({ type: 'init', backend, setup });
  }

  private failAll(e: Error): void {
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
  }

  private post(msg: ToWorker): void {
    this.worker.postMessage(msg);
  }

  request(make: (id: number) => ToWorker): Promise<FromWorker> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.post(make(id));
    });
  }

  terminate(): Promise<number> {
    return this.worker.terminate();
  }
}

export class WorkerPoolExecutor implements ClientExecutor {
  private readonly workers: PoolWorker[];

  private constructor(
    workers: PoolWorker[],
    private readonly shouldStop?: () => boolean,
  ) {
    this.workers = workers;
  }

  get threads(): number {
    return this.workers.length;
  }

  static async start(size: number, backend: BackendName, setup: ClientTaskSetup, shouldStop?: () => boolean): Promise<WorkerPoolExecutor> {
    const workers = Array.from({ length: size }, () => new PoolWorker(backend, setup));
    const pool = new WorkerPoolExecutor(workers, shouldStop);
    try {
      await Promise.all(workers.map((w) => w.ready));
    } catch (e) {
      await pool.close();
      throw e;
    }
    return pool;
  }

  /**
   * Runs tasks on free workers, one at a time each, and hands each result to `onResult` (task
   * index, results so far) once its worker has been given its next task. Once `stoppable` and
   * shouldStop() says so, no new task starts. Returns the number of results.
   */
  private async forEach<T, R>(
    tasks: readonly T[],
    run: (w: PoolWorker, t: T) => Promise<R>,
    onResult: (result: R, index: number, done: number) => void,
    stoppable = false,
  ): Promise<number> {
    let next = 0;
    let done = 0;
    const take = (): number | undefined => (next < tasks.length && !(stoppable && this.shouldStop?.()) ? next++ : undefined);
    await Promise.all(
      this.workers.map(async (w) => {
        let i = take();
        let running = i === undefined ? undefined : run(w, tasks[i]);
        while (running !== undefined && i !== undefined) {
          const result = await running;
          const finished = i;
          i = take();
          running = i === undefined ? undefined : run(w, tasks[i]);
          onResult(result, finished, ++done);
        }
      }),
    );
    return done;
  }

  /** The version every worker holds: publishing it again (evaluation, then the next round) posts nothing. */
  private publishedVersion: number | undefined;

  async publish(global: GlobalModel): Promise<void> {
    if (global.version === this.publishedVersion) return;
    this.publishedVersion = undefined;
    await Promise.all(
      this.workers.map(async (w) => {
        const msg = await w.request((id) => ({ type: 'global', id, global }));
        if (msg.type !== 'published') throw new Error(`unexpected worker reply ${msg.type}`);
      }),
    );
    this.publishedVersion = global.version;
  }

  train(jobs: readonly TrainJob[], onResult: (result: TrainResult, done: number) => void): Promise<number> {
    return this.forEach(
      jobs,
      async (w, job) => {
        const msg = await w.request((id) => ({ type: 'train', id, job }));
        if (msg.type !== 'trained') throw new Error(`unexpected worker reply ${msg.type}`);
        return msg.result;
      },
      (result, _index, done) => onResult(result, done),
      true,
    );
  }

  async evaluate(chunks: readonly EvalChunk[], version: number): Promise<EvalChunkResult[]> {
    const results = new Array<EvalChunkResult>(chunks.length);
    await this.forEach(
      chunks,
      async (w, chunk) => {
        const msg = await w.request((id) => ({ type: 'eval', id, chunk, version }));
        if (msg.type !== 'evaluated') throw new Error(`unexpected worker reply ${msg.type}`);
        return msg.result;
      },
      (result, index) => (results[index] = result),
    );
    return results;
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
