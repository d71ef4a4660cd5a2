/**
 * A pool of worker threads, each with its own tfjs backend, training clients and evaluating
 * test chunks in parallel. The dataset and frozen weights are shared memory; each round's global
 * model is posted to every worker (a copy each); rankings come back as transferred buffers. Jobs are handed out one at a time to whichever
 * worker is free; results are returned in job order.
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
   * Runs tasks on free workers, one at a time each; results in task order. Once `stoppable`
   * and shouldStop() says so, no new task starts and only the finished prefix is returned.
   */
  private async map<T, R>(
    tasks: readonly T[],
    run: (w: PoolWorker, t: T) => Promise<R>,
    onDone?: (done: number) => void,
    stoppable = false,
  ): Promise<R[]> {
    const results = new Array<R>(tasks.length);
    let next = 0;
    let done = 0;
    await Promise.all(
      this.workers.map(async (w) => {
        while (next < tasks.length) {
          if (stoppable && this.shouldStop?.()) break;
          const i = next++;
          results[i] = await run(w, tasks[i]);
          onDone?.(++done);
        }
      }),
    );
    const finished = results.findIndex((r) => r === undefined);
    return finished < 0 ? results : results.slice(0, finished);
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

  train(jobs: readonly TrainJob[], onDone?: (done: number) => void): Promise<TrainResult[]> {
    return this.map(
      jobs,
      async (w, job) => {
        const msg = await w.request((id) => ({ type: 'train', id, job }));
        if (msg.type !== 'trained') throw new Error(`unexpected worker reply ${msg.type}`);
        return msg.result;
      },
      onDone,
      true,
    );
  }

  evaluate(chunks: readonly EvalChunk[], version: number): Promise<EvalChunkResult[]> {
    return this.map(chunks, async (w, chunk) => {
      const msg = await w.request((id) => ({ type: 'eval', id, chunk, version }));
      if (msg.type !== 'evaluated') throw new Error(`unexpected worker reply ${msg.type}`);
      return msg.result;
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
