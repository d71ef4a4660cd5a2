/**
 * The run config's `aggregator` and `attack` blocks, derived from the plugin registries: a
 * discriminated union on `kind` of every built-in's strict schema (its own keys plus the common
 * ones), or a user's plugin module (`module: path`, validated by the plugin's own schema). Errors
 * name the key: `attack.sigma: ...`, `attack.beta: unknown key for attack kind 'lie'`. A built-in
 * block keeps the keys it was given (its defaults apply when the rule or attack is built); a
 * plugin block records its parameters with the plugin's defaults filled in, next to the module's
 * path and hash.
 */
import { z } from 'zod';
import { AGGREGATORS, aggregatorBlockSchema, AGGREGATOR_KINDS, type BuiltinAggregatorSpec } from './aggregators/index.js';
import { parseUserAggregatorSpec, type UserAggregatorSpec } from './aggregators/user-aggregator.js';
import { ATTACKS, attackBlockSchema, ATTACK_KINDS, type BuiltinAttackSpec } from './attacks/index.js';
import { parseUserAttackSpec, type UserAttackSpec } from './attacks/user-attack.js';

type Block = 'aggregator' | 'attack';

function nonEmpty<T>(xs: T[]): [T, ...T[]] {
  return xs as [T, ...T[]];
}

const builtinAggregator = z.discriminatedUnion('kind', nonEmpty(AGGREGATORS.map((d) => aggregatorBlockSchema(d))));
const builtinAttack = z.discriminatedUnion('kind', nonEmpty(ATTACKS.map((d) => attackBlockSchema(d))));

export function isPluginBlock(v: unknown): v is { module: unknown } {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && 'module' in v;
}

/** Issues of a nested parse, reported under the current key. */
export function forwardIssues(issues: readonly z.core.$ZodIssue[], ctx: z.RefinementCtx): void {
  for (const issue of issues) ctx.addIssue({ ...issue, path: [...issue.path] } as z.core.$ZodRawIssue);
}

/** Issues of a built-in block, rewritten to name the kind: unknown keys, unknown kinds. */
function forwardKindIssues(
  block: Block,
  kinds: readonly string[],
  v: unknown,
  issues: readonly z.core.$ZodIssue[],
  ctx: z.RefinementCtx,
): void {
  const raw = (v as { kind?: unknown }).kind;
  const kind = typeof raw === 'string' ? raw : JSON.stringify(raw);
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys' && issue.path.length === 0) {
      for (const key of issue.keys) ctx.addIssue({ code: 'custom', path: [key], message: `unknown key for ${block} kind '${kind}'` });
    } else if (issue.code === 'invalid_union' && issue.path.length === 1 && issue.path[0] === 'kind') {
      const got = raw === undefined ? 'no kind' : `'${kind}'`;
      ctx.addIssue({
        code: 'custom',
        path: ['kind'],
        message: `unknown ${block} ${got} (one of ${kinds.join(', ')}; or module: a plugin file)`,
      });
    } else {
      forwardIssues([issue], ctx);
    }
  }
}

/** A plugin block's error (thrown with a field such as 'aggregator.alpha') as an issue under the block. */
export function pluginIssue(block: Block | 'data', e: unknown, ctx: z.RefinementCtx): void {
  const field = (e as { field?: unknown }).field;
  if (typeof field !== 'string' || !(e instanceof Error)) throw e;
  ctx.addIssue({
    code: 'custom',
    path: field === block ? [] : field.slice(block.length + 1).split('.'),
    message: e.message.replace(`${field}: `, ''),
  });
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export const aggregatorSchema = z.unknown().transform((v, ctx) => {
  if (isPluginBlock(v)) {
    try {
      return parseUserAggregatorSpec(v as UserAggregatorSpec);
    } catch (e) {
      pluginIssue('aggregator', e, ctx);
      return z.NEVER;
    }
  }
  const r = builtinAggregator.safeParse(v);
  // The block as given: a built-in's parameter defaults are applied when the rule is built, so a
  // run's config.resolved.yaml (and its checkpoint hash, and the report's varying keys) hold only
  // what was set.
  if (r.success) return { ...(v as object) } as BuiltinAggregatorSpec;
  if (isObject(v)) forwardKindIssues('aggregator', AGGREGATOR_KINDS, v, r.error.issues, ctx);
  else forwardIssues(r.error.issues.slice(0, 1), ctx);
  return z.NEVER;
});

export const attackSchema = z.unknown().transform((v, ctx) => {
  if (isPluginBlock(v)) {
    try {
      return parseUserAttackSpec(v as UserAttackSpec);
    } catch (e) {
      pluginIssue('attack', e, ctx);
      return z.NEVER;
    }
  }
  // No kind: no attack (the block may still set the threat model's keys).
  const withKind = isObject(v) && v.kind === undefined ? { ...v, kind: 'none' } : v;
  const r = builtinAttack.safeParse(withKind);
  if (r.success) return { ...(withKind as object), fraction: r.data.fraction } as BuiltinAttackSpec;
  if (isObject(withKind)) forwardKindIssues('attack', ATTACK_KINDS, withKind, r.error.issues, ctx);
  else forwardIssues(r.error.issues.slice(0, 1), ctx);
  return z.NEVER;
});
