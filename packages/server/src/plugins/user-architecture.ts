/**
 * A user's supermask architecture from an ES module of their own (`model: { arch: { module:
 * ./my-net.mjs, ...params } }`). The module's default export is a descriptor: `kind` (the
 * architecture's name), `params` (a zod schema; only its safeParse is used) and `layers(params)`,
 * which returns the network as a layer list (@fedrank/supermask's layer-list.ts: `{conv: C}`,
 * `relu`, `pool`, `flatten`, `{dense: N}`, `{dense: classes}`). The list, not the module, is what
 * client threads receive and what a saved model records.
 */
import { z } from 'zod';
import { ARCH_NAMES, ArchitectureError, parseLayerList, type LayerOp } from '@fedrank/supermask';
import { describeIssue, type ParamSchema } from './param-schema.js';
import { isParamSchema, resolvePluginDescriptor } from './plugin-descriptor.js';
import { PluginError } from './plugin-error.js';

export interface UserArchitectureDescriptor<P = Record<string, unknown>> {
  readonly kind: string;
  readonly params: ParamSchema<P>;
  layers(params: P): readonly unknown[];
}

/** The plugin's `model.arch` block: the module, its hash, its kind and its parameters. */
export interface UserArchitectureSpec {
  module: string;
  sha256?: string;
  /** The plugin's kind (filled in from its descriptor when the config is read; checked when given). */
  kind?: string;
  [param: string]: unknown;
}

const BLOCK = 'model.arch';

const descriptorSchema = z.object({
  kind: z.string().regex(/^[a-z][a-z0-9-]*$/, 'expected a kind name of lowercase letters, digits and dashes'),
  params: z.custom<ParamSchema<Record<string, unknown>>>(isParamSchema, 'expected a zod schema (an object with safeParse)'),
  layers: z.custom<UserArchitectureDescriptor['layers']>((v) => typeof v === 'function', 'expected a function'),
});

const fail = (message: string, field = `${BLOCK}.module`): never => {
  throw new PluginError(message, field);
};

function pluginParams(spec: UserArchitectureSpec): Record<string, unknown> {
  const { module: _m, sha256: _s, kind: _k, ...rest } = spec;
  return rest;
}

/** The descriptor, its parsed parameters and the layer list it gives, checked. */
function resolve(spec: UserArchitectureSpec): {
  path: string;
  sha256: string;
  kind: string;
  params: Record<string, unknown>;
  layers: LayerOp[];
} {
  const { module: m, descriptor } = resolvePluginDescriptor(
    {
      block: BLOCK,
      what: 'architecture',
      schema: descriptorSchema as z.ZodType<UserArchitectureDescriptor>,
      builtinKinds: new Set(ARCH_NAMES),
      kindKey: 'kind',
      fail,
    },
    { module: spec.module, sha256: spec.sha256, kind: spec.kind },
  );
  const parsed = descriptor.params.safeParse(pluginParams(spec));
  if (!parsed.success) {
    const { field, message } = describeIssue(parsed.error.issues[0], BLOCK, `architecture plugin '${descriptor.kind}'`);
    return fail(message, field);
  }
  let list: unknown;
  try {
    list = descriptor.layers(parsed.data);
  } catch (e) {
    return fail(`architecture plugin '${descriptor.kind}' (${m.path}): layers() threw: ${(e as Error).message}`, BLOCK);
  }
  try {
    return { path: m.path, sha256: m.sha256, kind: descriptor.kind, params: parsed.data, layers: parseLayerList(list, 'layers()') };
  } catch (e) {
    if (!(e instanceof ArchitectureError)) throw e;
    return fail(`architecture plugin '${descriptor.kind}' (${m.path}): ${e.message}`, BLOCK);
  }
}

/** Checks the plugin's block; returns it with the parsed parameters, the kind and the hash. */
export function parseUserArchitectureSpec(spec: UserArchitectureSpec): {
  module: string;
  sha256: string;
  kind: string;
  [param: string]: unknown;
} {
  const r = resolve(spec);
  return { module: r.path, sha256: r.sha256, kind: r.kind, ...r.params };
}

/** The plugin's name and layer list. */
export function userArchitectureLayers(spec: UserArchitectureSpec): { name: string; layers: LayerOp[] } {
  const r = resolve(spec);
  return { name: r.kind, layers: r.layers };
}
