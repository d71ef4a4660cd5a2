/**
 * A user's aggregation rule from an ES module of their own (`aggregator: { module: ./my-rule.mjs,
 * ...params }`). The module's default export is a descriptor of the same shape as the built-in
 * ones: `kind`, `consumes` ('weights' or 'ranking'), `params` (a zod schema; only its safeParse
 * is used) and `create(params, { f, serverLr })`, which returns the rule:
 * - consuming weights (dense training): `{ aggregate(updates, ctx) }`, the round's flat weight
 *   deltas to one delta, and optionally `select`;
 * - consuming rankings (supermask training, in place of FRL's vote): `{ aggregate(rankings,
 *   layerSizes, ctx) }`, each client's per-layer rankings (edge ids by ascending score) to one
 *   global ranking per layer.
 * Its parameters are checked by its own schema, errors naming the key; what it returns is checked
 * (lengths; a ranking must be a permutation) before the round uses it.
 */
import { z } from 'zod';
import { isParamSchema, resolvePluginDescriptor } from '../plugins/plugin-descriptor.js';
import { loadedPluginModules, type PluginModule } from '../plugins/plugin-modules.js';
import { describeIssue, type ParamSchema } from '../plugins/param-schema.js';
import { callPlugin } from '../plugins/plugin-code-error.js';
import { aggregatorCommonParams, type AggregatorCommon } from './descriptor.js';
import { AGGREGATORS } from './registry.js';
import {
  AggregatorError,
  type AggregationContext,
  type RankingAggregator,
  type SelectingWeightAggregator,
  type WeightAggregator,
} from './types.js';

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
  readonly consumes: 'weights' | 'ranking';
  readonly reducible?: boolean;
  readonly params: ParamSchema<P>;
  create(
    params: P,
    common: AggregatorCommon,
  ): (Pick<WeightAggregator, 'aggregate'> & Partial<Pick<SelectingWeightAggregator, 'select'>>) | Pick<RankingAggregator, 'aggregate'>;
}

const descriptorSchema = z.object({
  kind: z.string().regex(/^[a-z][a-z0-9-]*$/, 'expected a kind name of lowercase letters, digits and dashes'),
  consumes: z.enum(['weights', 'ranking'], "expected 'weights' (weight updates) or 'ranking' (FRL's rankings)"),
  reducible: z.boolean().optional(),
  params: z.custom<ParamSchema<Record<string, unknown>>>(isParamSchema, 'expected a zod schema (an object with safeParse)'),
  create: z.custom<UserAggregatorDescriptor['create']>((v) => typeof v === 'function', 'expected a function'),
});

const BUILTIN_KINDS: ReadonlySet<string> = new Set(AGGREGATORS.map((d) => d.kind));

/** What the loaded plugin rule of kind `kind` consumes, or undefined when `kind` is not a plugin's. */
export function userAggregatorConsumes(kind: string): 'weights' | 'ranking' | undefined {
  if (BUILTIN_KINDS.has(kind)) return undefined;
  for (const m of loadedPluginModules()) {
    const d = descriptorSchema.safeParse(m.descriptor).data;
    if (d?.kind === kind) return d.consumes;
  }
  return undefined;
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
export function userAggregator(spec: UserAggregatorSpec): WeightAggregator | RankingAggregator {
  const parsed = parseUserAggregatorSpec(spec);
  const { descriptor } = userAggregatorDescriptor(parsed);
  const { module: _m, sha256: _s, kind, f, serverLr, ...params } = parsed;
  const where = `aggregator plugin '${kind}' (${parsed.module})`;
  const inner = callPlugin(where, 'create', () => descriptor.create(params, { f, serverLr })) as unknown;
  if (typeof (inner as { aggregate?: unknown } | null)?.aggregate !== 'function') {
    fail(`${where}: create() returned no aggregate(updates, ctx) method`);
  }
  if (descriptor.consumes === 'ranking')
    return checkedRankingRule(kind, where, descriptor.reducible ?? false, inner as Pick<RankingAggregator, 'aggregate'>);
  const rule = inner as Pick<WeightAggregator, 'aggregate'> & Partial<Pick<SelectingWeightAggregator, 'select'>>;
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

/** A plugin ranking rule whose every output is checked: one ranking per layer, each a permutation of the layer's edge ids. */
function checkedRankingRule(
  kind: string,
  where: string,
  reducible: boolean,
  rule: Pick<RankingAggregator, 'aggregate'>,
): RankingAggregator {
  return {
    name: kind,
    consumes: 'ranking',
    reducible,
    aggregate(rankings, layerSizes, ctx): Uint32Array[] {
      const out: unknown = callPlugin(where, 'aggregate', () => rule.aggregate(rankings, layerSizes, ctx));
      if (!Array.isArray(out) || out.length !== layerSizes.length) {
        fail(`${where}: aggregate returned ${describeValue(out)}, expected ${layerSizes.length} rankings (one per layer)`);
      }
      (out as unknown[]).forEach((r, l) => {
        const n = layerSizes[l];
        if (!(r instanceof Uint32Array) || r.length !== n) {
          fail(`${where}: aggregate returned ${describeValue(r)} for layer ${l}, expected a Uint32Array of its ${n} edge ids`);
        }
        const seen = new Uint8Array(n);
        for (const id of r as Uint32Array) {
          if (id >= n || seen[id]) fail(`${where}: the ranking of layer ${l} is not a permutation of 0..${n - 1} (edge ${id})`);
          seen[id] = 1;
        }
      });
      return out as Uint32Array[];
    },
  };
}

function describeValue(v: unknown): string {
  if (v === null || v === undefined) return String(v);
  if (ArrayBuffer.isView(v)) return `a ${v.constructor.name} of ${(v as Float32Array).length} values`;
  if (Array.isArray(v)) return `an array of ${v.length}`;
  return `a ${typeof v}`;
}
