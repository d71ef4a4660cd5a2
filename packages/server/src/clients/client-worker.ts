/**
 * Worker-thread entry: builds its own tfjs backend and task context from the shared setup,
 * then runs train and eval jobs one at a time.
 */
import { parentPort } from 'node:worker_threads';
import { initBackend } from '@fedrank/tensor';
import { ClientTaskContext, updateBuffers } from './client-task.js';
import type { FromWorker, ToWorker } from './worker-protocol.js';

const port = parentPort;
if (!port) throw new Error('client-worker must run in a worker thread');
let context: ClientTaskContext | undefined;

function send(msg: FromWorker, transfer: ArrayBuffer[] = []): void {
  port!.postMessage(msg, transfer);
}

port.on('message', (msg: ToWorker) => {
  void handle(msg);
});

async function handle(msg: ToWorker): Promise<void> {
  const id = msg.type === 'init' ? -1 : msg.id;
  try {
    if (msg.type === 'init') {
      const info = await initBackend(msg.backend);
      context = new ClientTaskContext(msg.setup);
      send({ type: 'ready', backend: info.name });
    } else if (!context) {
      throw new Error('worker used before init');
    } else if (msg.type === 'global') {
      context.publish(msg.global);
      send({ type: 'published', id });
    } else if (msg.type === 'train') {
      const result = await context.train(msg.job);
      send({ type: 'trained', id, result }, updateBuffers(result.update));
    } else {
      send({ type: 'evaluated', id, result: await context.evaluate(msg.chunk, msg.version) });
    }
  } catch (e) {
    send({ type: 'error', id, message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  }
}
