/**
 * The run post-training starts from: its directory (`postTraining.from`), saved global model
 * (<dir>/model, see checkpoint.ts) and resolved config (<dir>/config.resolved.yaml), checked
 * against the post-training config before anything runs. Errors name the key to fix.
 *
 * Which clients held the base run's labeled data: the base run's partition and per-round samples
 * are pure functions of its config (streams 'partition' and 'sampling' of its seed, see
 * run-federation.ts), so they are recomputed here; with an attack, every malicious client id
 * (label flippers, the collusion pool) counts as having trained too.
 */
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { Rng } from '@fedrank/random';
import type { Architecture } from '@fedrank/supermask';
import { aggregatorConsumes } from '../aggregators/index.js';
import { architectureOf } from '../architecture-block.js';
import { loadModel } from '../checkpoint.js';
import { modelKindByName } from '../model-kinds/index.js';
import type { RunConfig } from '../config.js';
import type { FinalModel } from '../run-federation.js';
import { sampleRoundClients } from '../sampling.js';
import { PostTrainingError } from './errors.js';

export interface PostTrainingBase {
  /** Absolute path of the base run's directory. */
  dir: string;
  model: FinalModel;
  /** The base run's resolved config, when its directory holds one. */
  config?: RunConfig;
}

/** Units of each conv or dense layer. */
function widths(arch: Architecture): number[] {
  return arch.layers.map((l) => l.units);
}

/** Checks that the post-training config fits the saved model and the base run's config. */
export function checkPostTrainingConfig(config: RunConfig, model: FinalModel, baseConfig?: RunConfig): void {
  const pt = config.postTraining;
  if (!pt) throw new PostTrainingError('missing (a run config without postTraining is a federation run)', 'postTraining');
  const from = pt.from;
  if (config.attack.kind !== 'none')
    throw new PostTrainingError(`post-training runs without attacks, got ${config.attack.kind}`, 'attack.kind');
  const wanted = architectureOf(config.model, model.arch.input);
  if (wanted.name !== model.arch.name) {
    throw new PostTrainingError(`the model saved in ${from} is a ${model.arch.name}, the config says ${wanted.name}`, 'model.arch');
  }
  if (
    !isDeepStrictEqual(
      wanted.layers.map((l) => l.shape),
      model.arch.layers.map((l) => l.shape),
    )
  ) {
    throw new PostTrainingError(
      `the ${wanted.name} saved in ${from} has layer widths [${widths(model.arch).join(', ')}], the config's has [${widths(wanted).join(', ')}]`,
      typeof config.model.arch === 'string' ? 'model.hidden' : 'model.arch',
    );
  }
  const mismatch = modelKindByName(model.kind).postTrainingMismatch(model, {
    aggregator: config.aggregator.kind,
    consumes: aggregatorConsumes(config.aggregator.kind),
    keep: config.model.keep,
    maskRule: config.model.maskRule,
  });
  if (mismatch) throw new PostTrainingError(`the model saved in ${from} ${mismatch.message}`, mismatch.field);
  if (baseConfig) {
    if (config.data.dataset !== baseConfig.data.dataset) {
      throw new PostTrainingError(
        `the base run in ${from} trained on ${baseConfig.data.dataset}, the config says ${config.data.dataset}`,
        'data.dataset',
      );
    }
    // Clients keep the base run's partition: the same clients, holding the same samples.
    if (config.federation.clients !== baseConfig.federation.clients) {
      throw new PostTrainingError(
        `the base run in ${from} has ${baseConfig.federation.clients} clients, the config says ${config.federation.clients}`,
        'federation.clients',
      );
    }
    if (!isDeepStrictEqual(config.data.partition, baseConfig.data.partition)) {
      throw new PostTrainingError(
        `the base run in ${from} partitions with ${JSON.stringify(baseConfig.data.partition)}, the config says ${JSON.stringify(config.data.partition)}`,
        'data.partition',
      );
    }
    if (pt.clients === 'unseen' && baseConfig.postTraining) {
      throw new PostTrainingError(
        `the run in ${from} was itself post-trained; 'unseen' needs the supervised base run (or use clients: all)`,
        'postTraining.clients',
      );
    }
  } else if (pt.clients === 'unseen') {
    throw new PostTrainingError(
      `'unseen' needs the base run's config (${from}/config.resolved.yaml) to know which clients it trained on (or use clients: all)`,
      'postTraining.clients',
    );
  }
}

/** Client ids whose (labeled) data the supervised base run trained on. */
export function labeledClients(baseConfig: RunConfig): Set<number> {
  const { federation, attack } = baseConfig;
  const root = new Rng(baseConfig.seed);
  const malicious = attack.kind === 'none' ? 0 : Math.round(attack.fraction * federation.clients);
  const seen = new Set<number>();
  for (let round = 0; round < federation.rounds; round++) {
    const sample = sampleRoundClients(
      root.derive('sampling', round),
      federation.clients,
      federation.clientsPerRound,
      malicious,
      federation.redrawMaliciousMajority,
    );
    for (const c of sample.clients) seen.add(c);
  }
  for (let c = 0; c < malicious; c++) seen.add(c);
  return seen;
}

/**
 * Loads and checks the base run named by `postTraining.from` (relative to the working
 * directory). `readConfig` parses a run config file (the CLI's YAML reader).
 */
export async function loadPostTrainingBase(config: RunConfig, readConfig: (path: string) => RunConfig): Promise<PostTrainingBase> {
  const pt = config.postTraining;
  if (!pt) throw new PostTrainingError('missing', 'postTraining');
  const dir = resolve(pt.from);
  if (!existsSync(dir)) throw new PostTrainingError(`${pt.from}: no such run directory`, 'postTraining.from');
  if (!statSync(dir).isDirectory()) throw new PostTrainingError(`${pt.from}: not a directory`, 'postTraining.from');
  if (!existsSync(join(dir, 'model', 'model.json'))) {
    throw new PostTrainingError(
      `${pt.from} holds no saved model (model/model.json); train the base first: fedrank run <base config> --out ${pt.from}`,
      'postTraining.from',
    );
  }
  const model = await loadModel(join(dir, 'model'));
  const configPath = join(dir, 'config.resolved.yaml');
  const baseConfig = existsSync(configPath) ? readConfig(configPath) : undefined;
  checkPostTrainingConfig(config, model, baseConfig);
  return { dir, model, config: baseConfig };
}
