import { join } from 'node:path';
import type { CommandModule } from 'yargs';
import { initBackend } from '@fedrank/tensor';
import { inferenceWeights, loadModel, modelKindByName } from '@fedrank/server';
import { evaluateWeightsAsync } from '@fedrank/supermask';
import { loadRunConfig } from '../config-file.js';
import { loadRunData } from '../run-experiment.js';
import { CliError } from '../user-error.js';

interface EvalArgs {
  run: string;
  set?: string[];
  json?: boolean;
}

/** `fedrank eval RUN_DIR`: reloads a run's saved global model and evaluates it on the test set. */
export const evalCommand: CommandModule<object, EvalArgs> = {
  command: 'eval <run>',
  describe: "Evaluate a finished run's saved global model on its test set",
  builder: (y) =>
    y
      .positional('run', { type: 'string', demandOption: true, describe: 'run directory (holds config.resolved.yaml and model/)' })
      .option('set', { type: 'string', array: true, describe: 'override a config field, e.g. --set data.dir=/elsewhere' })
      .option('json', { type: 'boolean', default: false, describe: 'print one JSON object' }),
  handler: async (args) => {
    const config = await loadRunConfig(join(args.run, 'config.resolved.yaml'), args.set ?? []);
    const model = await loadModel(join(args.run, 'model'));
    const backend = await initBackend(config.backend);
    const data = await loadRunData(config);
    const { input } = model.arch;
    const t = data.test;
    if (t.height !== input.height || t.width !== input.width || t.channels !== input.channels || t.numClasses !== input.numClasses) {
      throw new CliError(
        `the saved model expects ${input.height}x${input.width}x${input.channels} inputs with ${input.numClasses} classes; data.dataset gives ${t.height}x${t.width}x${t.channels} with ${t.numClasses}`,
        'data.dataset',
      );
    }
    const { weights, biases } = inferenceWeights(model);
    const ev = await evaluateWeightsAsync(model.arch, weights, t, { batchSize: config.evaluation.batchSize, biases });
    const result = {
      run: args.run,
      accuracy: ev.accuracy,
      loss: ev.loss,
      count: ev.count,
      kind: model.kind,
      arch: model.arch.name,
      maskRule: model.maskRule,
      backend: backend.name,
    };
    process.stdout.write(
      args.json
        ? JSON.stringify(result) + '\n'
        : `accuracy ${ev.accuracy.toFixed(4)}, loss ${ev.loss.toFixed(4)} on ${ev.count} test samples (${modelKindByName(model.kind).describe(model)}, ${backend.name})\n`,
    );
  },
};
