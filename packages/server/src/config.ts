/**
 * The run configuration: one YAML file per experiment, validated here. Key paths are a contract
 * that scripts use (`seed`, `backend`, `data.*`, `federation.*`, `model.*`, `training.*`):
 * rename nothing, only add. Every object is strict, so an unknown key is an error. The
 * `aggregator` and `attack` blocks come from the plugin registries (plugin-blocks.ts): each kind
 * accepts its own keys only.
 */
import { z } from 'zod';
import { aggregatorSchema, attackSchema, forwardIssues, isPluginBlock, pluginIssue } from './plugin-blocks.js';
import { parseUserDatasetSpec } from './plugins/user-dataset.js';
import { aggregatorConsumes, createAggregator } from './aggregators/index.js';
import { attackTargets, createAttack } from './attacks/index.js';
import { codecConfigNames } from './codecs/select-codec.js';
import { issueMessage, knownKeysAt, nearestKey } from './config-messages.js';
import { postTrainingSchema } from './post-training/post-training-config.js';
import { architectureSchema } from './architecture-block.js';

const positiveInt = z.number().int().positive();

export const partitionSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('iid') }),
  z.strictObject({ kind: z.literal('dirichlet'), alpha: z.number().positive().default(1.0) }),
  z.strictObject({ kind: z.literal('shards'), shardsPerClient: positiveInt.default(2) }),
  /** A partition file (fedrank-partition/1); a relative path is resolved against the config file's directory. */
  z.strictObject({ kind: z.literal('file'), path: z.string().min(1) }),
]);

/** The built-in datasets' data block. */
const builtinDataSchema = z.strictObject({
  dataset: z.enum(['mnist', 'fashion-mnist', 'mnist-bundled', 'synthetic', 'cifar10']),
  dir: z.string().min(1).optional(),
  download: z.boolean().default(false),
  partition: partitionSchema.default({ kind: 'dirichlet', alpha: 1.0 }),
  synthetic: z
    .strictObject({
      trainSize: positiveInt.optional(),
      testSize: positiveInt.optional(),
      height: positiveInt.optional(),
      width: positiveInt.optional(),
      channels: positiveInt.optional(),
      numClasses: positiveInt.optional(),
      noise: z.number().nonnegative().optional(),
    })
    .optional(),
  /** Evaluate on the first N test samples only (fast smoke runs); all by default. */
  testSubset: positiveInt.optional(),
});

/** A dataset plugin's data block: the run's keys here, the rest checked by the plugin's schema. */
const pluginDataSchema = z.looseObject({
  module: z.string(),
  partition: partitionSchema.default({ kind: 'dirichlet', alpha: 1.0 }),
  /** Evaluate on the first N test samples only. */
  testSubset: positiveInt.optional(),
});

/** `data`: a built-in dataset, or `module: path` naming a dataset plugin (plugins/user-dataset.ts). */
const dataSchema = z.unknown().transform((v, ctx) => {
  if (isPluginBlock(v)) {
    const r = pluginDataSchema.safeParse(v);
    if (!r.success) {
      forwardIssues(r.error.issues, ctx);
      return z.NEVER;
    }
    try {
      const { partition, testSubset } = r.data;
      return { ...parseUserDatasetSpec(r.data), partition, ...(testSubset === undefined ? {} : { testSubset }) };
    } catch (e) {
      pluginIssue('data', e, ctx);
      return z.NEVER;
    }
  }
  const r = builtinDataSchema.safeParse(v);
  if (r.success) return r.data;
  forwardIssues(r.error.issues, ctx);
  return z.NEVER;
});

export const runConfigSchema = z
  .strictObject({
    name: z.string().min(1).optional(),
    seed: z.number().int().nonnegative().default(1),
    backend: z.enum(['auto', 'tensorflow-gpu', 'webgpu', 'tensorflow', 'wasm', 'cpu']).default('auto'),
    /** Worker threads that train clients ('auto': one per core; 0: in the main thread). */
    workers: z.union([z.literal('auto'), z.number().int().min(0).max(64)]).default('auto'),
    data: dataSchema,
    federation: z.strictObject({
      clients: positiveInt,
      clientsPerRound: positiveInt,
      rounds: positiveInt,
      evalEvery: positiveInt.default(1),
      /** The reference redraws a round whose sample holds half or more malicious clients. */
      redrawMaliciousMajority: z.boolean().default(true),
    }),
    model: z.strictObject({
      /** A built-in's name, an inline layer list or an architecture plugin (architecture-block.ts). */
      arch: architectureSchema,
      keep: z.number().gt(0, 'expected a fraction in (0, 1]').lte(1, 'expected a fraction in (0, 1]').default(0.5),
      maskRule: z.enum(['reference', 'top-rank']).default('reference'),
      hidden: z.array(positiveInt).min(1).optional(),
    }),
    training: z
      .strictObject({
        localEpochs: positiveInt.default(2),
        batchSize: positiveInt.default(8),
        /** Default: 0.4 for FRL (supermask scores), 0.01 for the weight-based rules (the reference's LeNet). */
        lr: z.number().positive().optional(),
        lrDecay: z.number().positive().lte(1).default(0.999),
        momentum: z.number().min(0).lt(1).default(0.9),
        weightDecay: z.number().min(0).default(1e-4),
      })
      .prefault({}),
    aggregator: aggregatorSchema.prefault({ kind: 'frl-vote' }),
    attack: attackSchema.prefault({ kind: 'none' }),
    communication: z
      .strictObject({
        /** FRL uploads: 'bitpacked' (ceil(log2 n) bits per edge) or 'delta' (against the received global ranking, entropy coded). */
        rankingCodec: z.enum(codecConfigNames('ranking')).default('bitpacked'),
        /** Weight-delta uploads: raw float32 or float32 with byte shuffling and deflate. */
        weightsCodec: z.enum(codecConfigNames('weights')).default('float32'),
      })
      .default({ rankingCodec: 'bitpacked', weightsCodec: 'float32' }),
    evaluation: z
      .strictObject({
        batchSize: positiveInt.default(100),
      })
      .default({ batchSize: 100 }),
    /** Checkpoints: the run state is saved every `every` rounds, at the end and on SIGINT/SIGTERM (`fedrank run --resume DIR`). */
    checkpoint: z.strictObject({ every: positiveInt.default(10) }).default({ every: 10 }),
    /** Unsupervised post-training of a saved model (majority-vote self-rewards + GRPO); see post-training/. */
    postTraining: postTrainingSchema.optional(),
  })
  .superRefine((c, ctx) => {
    if (c.model.hidden !== undefined && typeof c.model.arch !== 'string') {
      ctx.addIssue({
        code: 'custom',
        path: ['model', 'hidden'],
        message: 'applies to the built-in mlp only; give the widths in the layer list',
      });
    }
    if (c.federation.clientsPerRound > c.federation.clients) {
      ctx.addIssue({
        code: 'custom',
        path: ['federation', 'clientsPerRound'],
        message: `expected at most federation.clients (${c.federation.clients}), got ${c.federation.clientsPerRound}`,
      });
    }
    // The rule and the attack check what their schemas cannot (multi-krum's m with the reference
    // variant, agr-tailored's knowsAggregator); a ranking attack needs the FRL vote and a weight
    // attack a weight rule.
    for (const [key, check] of [
      ['aggregator', () => createAggregator(c.aggregator)],
      ['attack', () => createAttack(c.attack)],
    ] as const) {
      try {
        check();
      } catch (e) {
        const field = (e as { field?: string }).field ?? key;
        const message = (e as Error).message.replace(`${field}: `, '');
        ctx.addIssue({ code: 'custom', path: field.split('.'), message });
        return;
      }
    }
    const consumes = aggregatorConsumes(c.aggregator.kind);
    const targets = attackTargets(c.attack.kind);
    if ((targets === 'ranking' || targets === 'weights') && targets !== consumes) {
      ctx.addIssue({
        code: 'custom',
        path: ['attack', 'kind'],
        message: `${c.attack.kind} attacks ${targets === 'ranking' ? 'rankings (FRL)' : 'weight updates'}, but aggregator.kind ${c.aggregator.kind} consumes ${consumes === 'ranking' ? 'rankings' : 'weights'}`,
      });
    }
  })
  .transform((c) => ({
    ...c,
    training: { ...c.training, lr: c.training.lr ?? (c.aggregator.kind === 'frl-vote' ? 0.4 : 0.01) },
  }));

export type RunConfig = z.output<typeof runConfigSchema>;
export type RunConfigInput = z.input<typeof runConfigSchema>;

export class ConfigError extends Error {
  readonly exitCode = 2;
  constructor(
    message: string,
    readonly field: string,
    readonly file?: string,
  ) {
    super(file ? `${file}: ${field ? `${field}: ` : ''}${message}` : `${field ? `${field}: ` : ''}${message}`);
    this.name = 'ConfigError';
  }
}

/** Validates a parsed config object; throws ConfigError naming the first bad key. */
export function parseRunConfig(raw: unknown, file?: string): RunConfig {
  const r = runConfigSchema.safeParse(raw, { reportInput: true });
  if (r.success) return r.data;
  // An unknown key first: it is usually the typo behind a "missing" key beside it.
  const issue = r.error.issues.find((i) => i.code === 'unrecognized_keys') ?? r.error.issues[0];
  let path = issue.path.map(String).join('.');
  let message = issueMessage(issue);
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((k) => (path ? `${path}.${k}` : k));
    const suggestion = nearestKey(issue.keys[0], knownKeysAt(runConfigSchema, issue.path));
    message = `unknown key${suggestion ? `; did you mean ${suggestion}?` : ' (not a config field)'}${keys.length > 1 ? `; also unknown: ${keys.slice(1).join(', ')}` : ''}`;
    path = keys[0];
  }
  throw new ConfigError(message, path || '(root)', file);
}
