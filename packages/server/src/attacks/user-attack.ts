/**
 * A user's attack from an ES module of their own (`attack: { module: ./my-attack.mjs, fraction,
 * ...params }`). The module's default export is a descriptor of the same shape as the built-in
 * ones: `kind`, `targets` ('weights' or 'ranking'), optionally `requiresAggregator`, `params` (a
 * zod schema; only its safeParse is used) and `create(params)` returning `{ craft(ctx) }`. Its
 * parameters are checked by its own schema, errors naming the key; what `craft` returns is
 * checked (one update of the right shape per malicious client) before the round sends it.
 */
import { z } from 'zod';
import { describeIssue, type ParamSchema } from '../plugins/param-schema.js';
import { callPlugin } from '../plugins/plugin-code-error.js';
import { isParamSchema, resolvePluginDescriptor } from '../plugins/plugin-descriptor.js';
import { loadedPluginModules, type PluginModule } from '../plugins/plugin-modules.js';
import { attackCommonParams, type AttackCommon } from './descriptor.js';
import { ATTACKS } from './registry.js';
import { AttackError, type RankingAttack, type RankingAttackContext, type WeightAttack, type WeightAttackContext } from './types.js';

/** A plugin attack's config block after loading: the module's absolute path, its hash, the threat model and the plugin's parameters. */
export interface UserAttackSpec extends AttackCommon {
  module: string;
  /** sha256 of the module file (filled in when the module is loaded; checked when given). */
  sha256?: string;
  /** The plugin's kind (filled in from its descriptor when the config is read; checked when given). */
  kind: string;
  [param: string]: unknown;
}

/** What a plugin module's default export must be (checked when the config is read). */
export type UserAttackDescriptor<P = Record<string, unknown>> =
  | {
      readonly kind: string;
      readonly targets: 'weights';
      readonly requiresAggregator?: boolean;
      readonly params: ParamSchema<P>;
      create(params: P): Pick<WeightAttack, 'craft'>;
    }
  | {
      readonly kind: string;
      readonly targets: 'ranking';
      readonly requiresAggregator?: boolean;
      readonly params: ParamSchema<P>;
      create(params: P): Pick<RankingAttack, 'craft'>;
    };

const descriptorSchema = z.object({
  kind: z.string().regex(/^[a-z][a-z0-9-]*$/, 'expected a kind name of lowercase letters, digits and dashes'),
  targets: z.enum(['weights', 'ranking'], "expected 'weights' or 'ranking' (plugin attacks craft updates)"),
  requiresAggregator: z.boolean().optional(),
  params: z.custom<ParamSchema<Record<string, unknown>>>(isParamSchema, 'expected a zod schema (an object with safeParse)'),
  create: z.custom<(params: Record<string, unknown>) => unknown>((v) => typeof v === 'function', 'expected a function'),
});

const BUILTIN_KINDS: ReadonlySet<string> = new Set(ATTACKS.map((d) => d.kind));

const fail = (message: string, field = 'attack.module'): never => {
  throw new AttackError(message, field);
};

function loadedDescriptor(m: PluginModule): UserAttackDescriptor | undefined {
  const d = descriptorSchema.safeParse(m.descriptor);
  return d.success ? (d.data as UserAttackDescriptor) : undefined;
}

/** True when `kind` is the kind of a loaded plugin attack. */
export function isUserAttackKind(kind: string): boolean {
  return !BUILTIN_KINDS.has(kind) && loadedPluginModules().some((m) => loadedDescriptor(m)?.kind === kind);
}

/** What the loaded plugin attack of `kind` targets. */
export function userAttackTargets(kind: string): 'weights' | 'ranking' {
  const d = loadedPluginModules()
    .map(loadedDescriptor)
    .find((x) => x?.kind === kind);
  return d?.targets ?? fail(`no loaded plugin attack '${kind}'`, 'attack.kind');
}

/** The loaded module of `spec.module` and its checked descriptor, or AttackError('attack.module'). */
export function userAttackDescriptor(spec: UserAttackSpec): { module: PluginModule; descriptor: UserAttackDescriptor } {
  return resolvePluginDescriptor(
    {
      block: 'attack',
      what: 'attack',
      schema: descriptorSchema as z.ZodType<UserAttackDescriptor>,
      builtinKinds: BUILTIN_KINDS,
      kindKey: 'kind',
      fail,
    },
    spec,
  );
}

/** Checks a plugin spec; returns it with the plugin's parsed parameters (defaults filled in), its kind and hash. */
export function parseUserAttackSpec(spec: UserAttackSpec): UserAttackSpec & { sha256: string } {
  const { module: m, descriptor } = userAttackDescriptor(spec);
  const { module: _module, sha256: _sha256, kind: _kind, fraction, poolSize, seesBenign, knowsAggregator, ...rest } = spec;
  const common = z.object(attackCommonParams).safeParse({ fraction, poolSize, seesBenign, knowsAggregator });
  if (!common.success) {
    const { field, message } = describeIssue(common.error.issues[0], 'attack', '');
    fail(message, field);
  }
  if (descriptor.requiresAggregator === true && knowsAggregator === false) {
    fail(`${descriptor.kind} evaluates the server's aggregation rule: it needs attack.knowsAggregator: true`, 'attack.knowsAggregator');
  }
  const params = descriptor.params.safeParse(rest);
  if (!params.success) {
    const { field, message } = describeIssue(params.error.issues[0], 'attack', `attack plugin '${descriptor.kind}'`);
    fail(message, field);
  }
  const threat: AttackCommon = { fraction: common.data?.fraction ?? 0 };
  if (poolSize !== undefined) threat.poolSize = poolSize;
  if (seesBenign !== undefined) threat.seesBenign = seesBenign;
  if (knowsAggregator !== undefined) threat.knowsAggregator = knowsAggregator;
  return { module: m.path, sha256: m.sha256, kind: descriptor.kind, ...threat, ...(params.success ? params.data : {}) };
}

/** The plugin's threat-model default: whether it needs the server's rule. */
export function userAttackRequiresAggregator(spec: UserAttackSpec): boolean {
  return userAttackDescriptor(spec).descriptor.requiresAggregator === true;
}

/** Builds the plugin attack of `spec`; what it crafts is checked each round. */
export function userAttack(spec: UserAttackSpec): WeightAttack | RankingAttack {
  const parsed = parseUserAttackSpec(spec);
  const { descriptor } = userAttackDescriptor(parsed);
  const { module: _m, sha256: _s, kind, fraction: _f, poolSize: _p, seesBenign: _b, knowsAggregator: _k, ...params } = parsed;
  const where = `attack plugin '${kind}' (${parsed.module})`;
  const inner = callPlugin(where, 'create', () => descriptor.create(params)) as unknown;
  if (typeof (inner as { craft?: unknown } | null)?.craft !== 'function') fail(`${where}: create() returned no craft(ctx) method`);
  if (descriptor.targets === 'weights') {
    const attack = inner as Pick<WeightAttack, 'craft'>;
    return {
      name: kind,
      targets: 'weights',
      craft(ctx: WeightAttackContext): Float32Array[] {
        const out: unknown = callPlugin(where, 'craft', () => attack.craft(ctx));
        const dim = ctx.global.length;
        if (!Array.isArray(out) || out.length !== ctx.count || !out.every((u) => u instanceof Float32Array && u.length === dim)) {
          fail(`${where}: craft returned ${describeList(out)}, expected ${ctx.count} Float32Array updates of ${dim} values`);
        }
        return out as Float32Array[];
      },
    };
  }
  const attack = inner as Pick<RankingAttack, 'craft'>;
  return {
    name: kind,
    targets: 'ranking',
    craft(ctx: RankingAttackContext): Uint32Array[][] {
      const out: unknown = callPlugin(where, 'craft', () => attack.craft(ctx));
      const sizes = ctx.layerSizes;
      const ok = (r: unknown): boolean =>
        Array.isArray(r) && r.length === sizes.length && r.every((l, i) => l instanceof Uint32Array && l.length === sizes[i]);
      if (!Array.isArray(out) || out.length !== ctx.count || !out.every(ok)) {
        fail(`${where}: craft returned ${describeList(out)}, expected ${ctx.count} rankings (one Uint32Array per layer)`);
      }
      return out as Uint32Array[][];
    },
  };
}

function describeList(v: unknown): string {
  if (!Array.isArray(v)) return v === null || v === undefined ? String(v) : `a ${typeof v}`;
  const bad = v.findIndex((u) => !(u instanceof Float32Array || Array.isArray(u)));
  return `an array of ${v.length}${bad >= 0 ? ` (item ${bad} is ${u(v[bad])})` : ''}`;
}

function u(x: unknown): string {
  return ArrayBuffer.isView(x) ? `a ${x.constructor.name}` : x === null ? 'null' : typeof x;
}
