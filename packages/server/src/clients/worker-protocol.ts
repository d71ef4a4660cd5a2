/** Messages between the server thread and a client worker thread. */
import type { BackendName } from '@fedrank/tensor';
import type { GlobalModel } from '../round/global-model.js';
import type { ClientTaskSetup, EvalChunk, EvalChunkResult, TrainJob, TrainResult } from './client-task.js';

export type ToWorker =
  | { type: 'init'; backend: BackendName; setup: ClientTaskSetup }
  | { type: 'global'; id: number; global: GlobalModel }
  | { type: 'train'; id: number; job: TrainJob }
  | { type: 'eval'; id: number; chunk: EvalChunk; version: number };

export type FromWorker =
  | { type: 'ready'; backend: string }
  | { type: 'published'; id: number }
  | { type: 'trained'; id: number; result: TrainResult }
  | { type: 'evaluated'; id: number; result: EvalChunkResult }
  | { type: 'error'; id: number; message: string };
