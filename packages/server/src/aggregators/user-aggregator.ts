/**
 * A user's aggregation rule from an ES module of their own (`aggregator: { module: ./my-rule.mjs,
 * ...params }`). The module's default export is a descriptor of the same shape as the built-in
 * ones: `kind`, `consumes: 'weights'`, `params` (a zod schema; only its safeParse is used),
 * `create(params, { f, serverLr })` returning `{ aggregate(updates, ctx) }` (and optionally
 * `select`). Its parameters are checked by its own schema, errors naming the key; what it
 * returns is checked before the round uses it. A plugin consuming rankings is not supported yet:
 * the round loop decides the model kind (supermask for frl-vote) from the built-in kind.
 */
import { z } from 'zod';
import { isParamSchema, resolvePluginDescriptor } from '../plugins/plugin-descriptor.js';
import { loadedPluginModules, type PluginModule } from '../plugins/plugin-modules.js';
import { describeIssue, type ParamSchema } from '../plugins/param-schema.js';
import { callPlugin } from '../plugins/plugin-code-error.js';
import { aggregatorCommonParams, type AggregatorCommon } from './descriptor.js';
import { AGGREGATORS } from './registry.js';
import { AggregatorError, type AggregationContext, type SelectingWeightAggregator, type WeightAggregator } from './types.js';

/** A plugin rule's config block after loading: the module's absolute path, its hash, the common keys and the plugin's parameters. */
export interface UserAggregatorSpec extends AggregatorCommon {
  module: string;
  /** sha256 of the module file (filled in when the module is loaded; checked when given). */
  sha256?: string;
  /** The plugin's kind (filled in from its descriptor when the config is read; checked when given). */
  kind: string;
  [param: string]: unknown;
}

/** What a plugin module's default export must be (checked when the config is read). */
export interface UserAggregatorDescriptor<P = Record<string, unknown>> {
  readonly kind: string;
  readonly consumes: 'weights';
  readonly reducible?: boolean;
  readonly params: ParamSchema<P>;
  create(params: P, common: AggregatorCommon): Pick<WeightAggregator, 'aggregate'> & Partial<Pick<SelectingWeightAggregator, 'select'>>;
}

const descriptorSchema = z.object({
  kind: z.string().regex(/^[a-z][a-z0-9-]*$/, 'expected a kind name of lowercase letters, digits and dashes'),
  consumes: z.literal('weights', "expected 'weights' (plugin rules aggregate weight updates)"),
  reducible: z.boolean().optional(),
  params: z.custom<ParamSchema<Record<string, unknown>>>(isParamSchema, 'expected a zod schema (an object with safeParse)'),
  create: z.custom<UserAggregatorDescriptor['create']>((v) => typeof v === 'function', 'expected a function'),
});

const BUILTIN_KINDS: ReadonlySet<string> = new Set(AGGREGATORS.map((d) => d.kind));

/** True when `kind` is the kind of a loaded plugin rule. */
export function isUserAggregatorKind(kind: string): boolean {
  return !BUILTIN_KINDS.has(kind) && loadedPluginModules().some((m) => descriptorSchema.safeParse(m.descriptor).data?.kind === kind);
}

const fail = (message: string, field = 'aggregator.module'): never => {
  throw new AggregatorError(message, field);
};

/** The loaded module of `spec.module` and its checked descriptor, or AggregatorError('aggregator.module'). */
export function userAggregatorDescriptor(spec: UserAggregatorSpec): { module: PluginModule; descriptor: UserAggregatorDescriptor } {
  return resolvePluginDescriptor(
    {
      block: 'aggregator',
      what: 'aggregator',
      schema: descriptorSchema as z.ZodType<UserAggregatorDescriptor>,
      builtinKinds: BUILTIN_KINDS,
      kindKey: 'kind',
      fail,
    },
    spec,
  );
}

/** Checks a plugin spec; returns it with the plugin's parsed parameters (defaults filled in), its kind and hash. */
export function parseUserAggregatorSpec(spec: UserAggregatorSpec): UserAggregatorSpec & { kind: string; sha256: string } {
  const { module: m, descriptor } = userAggregatorDescriptor(spec);
  const { module: _module, sha256: _sha256, kind: _kind, f, serverLr, ...rest } = spec;
  const common = z.object(aggregatorCommonParams).safeParse({ f, serverLr });
  if (!common.success) {
    const { field, message } = describeIssue(common.error.issues[0], 'aggregator', '');
    fail(message, field);
  }
  const params = descriptor.params.safeParse(rest);
  if (!params.success) {
    const { field, message } = describeIssue(params.error.issues[0], 'aggregator', `aggregator plugin '${descriptor.kind}'`);
    fail(message, field);
  }
  const data = params.success ? params.data : {};
  return {
    module: m.path,
    sha256: m.sha256,
    kind: descriptor.kind,
    ...(f === undefined ? {} : { f }),
    ...(serverLr === undefined ? {} : { serverLr }),
    ...data,
  };
}

/** Builds the plugin rule of `spec`; its output is checked each round. */
export function userAggregator(spec: UserAggregatorSpec): WeightAggregator {
  const parsed = parseUserAggregatorSpec(spec);
  const { descriptor } = userAggregatorDescriptor(parsed);
  const { module: _m, sha256: _s, kind, f, serverLr, ...params } = parsed;
  const where = `aggregator plugin '${kind}' (${parsed.module})`;
  const inner = callPlugin(where, 'create', () => descriptor.create(params, { f, serverLr })) as unknown;
  if (typeof (inner as { aggregate?: unknown } | null)?.aggregate !== 'function') {
    fail(`${where}: create() returned no aggregate(updates, ctx) method`);
  }
  const rule = inner as ReturnType<UserAggregatorDescriptor['create']>;
  const checked: WeightAggregator = {
    name: kind,
    consumes: 'weights',
    reducible: descriptor.reducible ?? false,
    aggregate(updates: readonly Float32Array[], ctx: AggregationContext): Float32Array {
      const y: unknown = callPlugin(where, 'aggregate', () => rule.aggregate(updates, ctx));
      const dim = updates[0]?.length ?? 0;
      if (!(y instanceof Float32Array) || y.length !== dim) {
        fail(`${where}: aggregate returned ${describeValue(y)}, expected a Float32Array of ${dim} values`);
      }
      return y as Float32Array;
    },
  };
  const select = rule.select;
  if (typeof select !== 'function') return checked;
  const selecting: SelectingWeightAggregator = {
    ...checked,
    select(updates: readonly Float32Array[], ctx: AggregationContext): number[] {
      const chosen: unknown = callPlugin(where, 'select', () => select.call(rule, updates, ctx));
      if (!Array.isArray(chosen) || !chosen.every((i) => Number.isInteger(i) && i >= 0 && i < updates.length)) {
        fail(`${where}: select returned ${describeValue(chosen)}, expected indices into the ${updates.length} updates`);
      }
      return chosen as number[];
    },
  };
  return selecting;
}

function describeValue(v: unknown): string {
  if (v === null || v === undefined) return String(v);
  if (ArrayBuffer.isView(v)) return `a ${v.constructor.name} of ${(v as Float32Array).length} values`;
  if (Array.isArray(v)) return `an array of ${v.length}`;
  return `a ${typeof v}`;
}
