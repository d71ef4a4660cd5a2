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
import { aggregatorConsumes } from '../aggregators/index.js';
import { loadModel } from '../checkpoint.js';
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

/** Checks that the post-training config fits the saved model and the base run's config. */
export function checkPostTrainingConfig(config: RunConfig, model: FinalModel, baseConfig?: RunConfig): void {
  const pt = config.postTraining;
  if (!pt) throw new PostTrainingError('missing (a run config without postTraining is a federation run)', 'postTraining');
  const from = pt.from;
  if (config.attack.kind !== 'none')
    throw new PostTrainingError(`post-training runs without attacks, got ${config.attack.kind}`, 'attack.kind');
  if (config.model.arch !== model.arch.name) {
    throw new PostTrainingError(`the model saved in ${from} is a ${model.arch.name}, the config says ${config.model.arch}`, 'model.arch');
  }
  const savedHidden = model.arch.name === 'mlp' ? model.arch.layers.slice(0, -1).map((l) => l.units) : undefined;
  if (config.model.hidden !== undefined && savedHidden !== undefined && !isDeepStrictEqual(config.model.hidden, savedHidden)) {
    throw new PostTrainingError(
      `the model saved in ${from} has hidden sizes [${savedHidden.join(', ')}], the config says [${config.model.hidden.join(', ')}]`,
      'model.hidden',
    );
  }
  if (model.kind === 'supermask') {
    if (config.aggregator.kind !== 'frl-vote') {
      throw new PostTrainingError(
        `the model saved in ${from} is a supermask: post-training aggregates its rankings with frl-vote, got ${config.aggregator.kind}`,
        'aggregator.kind',
      );
    }
    if (config.model.keep !== model.keep)
      throw new PostTrainingError(`the supermask saved in ${from} keeps ${model.keep}, the config says ${config.model.keep}`, 'model.keep');
    if (config.model.maskRule !== model.maskRule) {
      throw new PostTrainingError(
        `the supermask saved in ${from} uses the ${model.maskRule} mask rule, the config says ${config.model.maskRule}`,
        'model.maskRule',
      );
    }
  } else if (aggregatorConsumes(config.aggregator.kind) !== 'weights') {
    throw new PostTrainingError(
      `the model saved in ${from} is dense: post-training needs a weight rule such as fedavg, got ${config.aggregator.kind}`,
      'aggregator.kind',
    );
  }
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
