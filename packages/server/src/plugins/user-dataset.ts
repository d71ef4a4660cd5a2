/**
 * A user's dataset loader from an ES module of their own (`data: { module: ./my-data.mjs,
 * partition, testSubset, ...params }`). The module's default export is a descriptor: `kind` (the
 * dataset's name, reported as `data.dataset`), `params` (a zod schema; only its safeParse is used)
 * and `load(params, { seed })`, which returns (or resolves to) `{ train, test, height, width,
 * channels, numClasses, source? }` with `train`/`test` = `{ images: Float32Array (NHWC, already
 * normalized), labels: integers in [0, numClasses) }`. The shapes are checked, and the arrays
 * copied to shared memory for the client threads; the loader itself runs on the main thread.
 */
import { z } from 'zod';
import { DATASET_NAMES, makeDataset, sharedFloat32Array, sharedUint8Array, type Dataset, type DatasetSplits } from '@fedrank/data';
import { describeIssue, type ParamSchema } from './param-schema.js';
import { callPlugin } from './plugin-code-error.js';
import { isParamSchema, resolvePluginDescriptor } from './plugin-descriptor.js';
import { PluginError } from './plugin-error.js';
import type { PluginModule } from './plugin-modules.js';

export interface UserDatasetSplit {
  images: Float32Array;
  labels: ArrayLike<number>;
}

export interface UserDataset {
  train: UserDatasetSplit;
  test: UserDatasetSplit;
  height: number;
  width: number;
  channels: number;
  numClasses: number;
  /** Where the data came from (logged and written to summary.json); default the module's path. */
  source?: string;
}

export interface UserDatasetDescriptor<P = Record<string, unknown>> {
  readonly kind: string;
  readonly params: ParamSchema<P>;
  load(params: P, context: { seed: number }): UserDataset | Promise<UserDataset>;
}

/** The plugin's part of a data block: the module, its hash, its kind (as `dataset`) and its parameters. */
export interface UserDatasetSpec {
  module: string;
  sha256?: string;
  /** The plugin's kind (filled in from its descriptor when the config is read; checked when given). */
  dataset?: string;
  [param: string]: unknown;
}

const descriptorSchema = z.object({
  kind: z.string().regex(/^[a-z][a-z0-9-]*$/, 'expected a kind name of lowercase letters, digits and dashes'),
  params: z.custom<ParamSchema<Record<string, unknown>>>(isParamSchema, 'expected a zod schema (an object with safeParse)'),
  load: z.custom<UserDatasetDescriptor['load']>((v) => typeof v === 'function', 'expected a function'),
});

const fail = (message: string, field = 'data.module'): never => {
  throw new PluginError(message, field);
};

/** Keys of the data block that belong to the run, not to the plugin. */
export const RUN_DATA_KEYS = ['module', 'sha256', 'dataset', 'partition', 'testSubset'] as const;

function resolve(spec: UserDatasetSpec): { module: PluginModule; descriptor: UserDatasetDescriptor } {
  return resolvePluginDescriptor(
    {
      block: 'data',
      what: 'dataset',
      schema: descriptorSchema as z.ZodType<UserDatasetDescriptor>,
      builtinKinds: new Set(DATASET_NAMES),
      kindKey: 'dataset',
      fail,
    },
    { module: spec.module, sha256: spec.sha256, kind: spec.dataset },
  );
}

function pluginParams(spec: UserDatasetSpec): Record<string, unknown> {
  const rest: Record<string, unknown> = { ...spec };
  for (const k of RUN_DATA_KEYS) delete rest[k];
  return rest;
}

/** Checks the plugin's part of a data block; returns it with the parsed parameters, the kind as `dataset` and the hash. */
export function parseUserDatasetSpec(spec: UserDatasetSpec): { module: string; sha256: string; dataset: string } & Record<string, unknown> {
  const { module: m, descriptor } = resolve(spec);
  const params = descriptor.params.safeParse(pluginParams(spec));
  if (!params.success) {
    const { field, message } = describeIssue(params.error.issues[0], 'data', `dataset plugin '${descriptor.kind}'`);
    fail(message, field);
  }
  return { module: m.path, sha256: m.sha256, dataset: descriptor.kind, ...(params.success ? params.data : {}) };
}

/** Runs the plugin's loader and checks what it returns. */
export async function loadUserDataset(spec: UserDatasetSpec, seed: number): Promise<DatasetSplits> {
  const { module: m, descriptor } = resolve(spec);
  const parsed = descriptor.params.safeParse(pluginParams(spec));
  if (!parsed.success) return fail(describeIssue(parsed.error.issues[0], 'data', descriptor.kind).message);
  const where = `dataset plugin '${descriptor.kind}' (${m.path})`;
  const out: unknown = await callPlugin(where, 'load', () => descriptor.load(parsed.data, { seed }));
  const shape = z
    .object({
      height: z.number().int().positive(),
      width: z.number().int().positive(),
      channels: z.number().int().positive(),
      numClasses: z.number().int().min(2).max(256),
      source: z.string().optional(),
    })
    .safeParse(out);
  if (!shape.success) {
    const issue = shape.error.issues[0];
    fail(`${where}: load returned ${issue.path.map(String).join('.') || 'a value'}: ${issue.message}`);
  }
  const s = shape.data!;
  const split = (name: 'train' | 'test'): Dataset => {
    const part = (out as Record<string, unknown>)[name] as Partial<UserDatasetSplit> | undefined;
    const images = part?.images;
    const labels = part?.labels;
    if (!(images instanceof Float32Array)) return fail(`${where}: load returned ${name}.images that is not a Float32Array`);
    if (labels === undefined || typeof labels.length !== 'number' || labels.length === 0) {
      return fail(`${where}: load returned no ${name}.labels`);
    }
    const per = s.height * s.width * s.channels;
    if (images.length !== labels.length * per) {
      fail(`${where}: ${name} has ${images.length} pixel values for ${labels.length} labels of ${s.height}x${s.width}x${s.channels}`);
    }
    const sharedLabels = sharedUint8Array(labels.length);
    for (let i = 0; i < labels.length; i++) {
      const y = labels[i];
      if (!(Number.isInteger(y) && y >= 0 && y < s.numClasses))
        fail(`${where}: ${name}.labels[${i}] = ${y} is not a class in 0..${s.numClasses - 1}`);
      sharedLabels[i] = y;
    }
    for (let i = 0; i < images.length; i++) {
      if (!Number.isFinite(images[i])) fail(`${where}: ${name}.images[${i}] = ${images[i]} is not finite`);
    }
    const sharedImages = sharedFloat32Array(images.length);
    sharedImages.set(images);
    return makeDataset(
      { name: descriptor.kind, height: s.height, width: s.width, channels: s.channels, numClasses: s.numClasses },
      sharedImages,
      sharedLabels,
    );
  };
  return { train: split('train'), test: split('test'), source: s.source ?? m.path };
}
