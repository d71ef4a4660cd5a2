/**
 * Evaluate: test accuracy and mean loss of a global model. The test set is split into fixed
 * chunks summed in chunk order, so the numbers do not depend on the pool size.
 */
import type { EvalChunk } from '../clients/client-task.js';
import type { ClientExecutor } from '../clients/executor.js';
import type { GlobalModel } from './global-model.js';

export interface Evaluation {
  accuracy: number;
  loss: number;
}

export async function evaluateStage(executor: ClientExecutor, chunks: readonly EvalChunk[], global: GlobalModel): Promise<Evaluation> {
  const parts = await executor.evaluate(chunks, global.version);
  let correct = 0;
  let lossSum = 0;
  let count = 0;
  for (const p of parts) {
    correct += p.correct;
    lossSum += p.lossSum;
    count += p.count;
  }
  return { accuracy: count > 0 ? correct / count : NaN, loss: count > 0 ? lossSum / count : NaN };
}
