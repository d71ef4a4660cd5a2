/**
 * The parameter schema of a plugin: a zod schema. Built-in plugins use strict zod objects (so the
 * run config can be a discriminated union of them); a user's plugin may bring its own copy of zod,
 * of which only `safeParse` and the issues it reports (path, message, code) are used.
 */
export interface ParamIssue {
  readonly code: string;
  readonly path: readonly PropertyKey[];
  readonly message: string;
  /** unrecognized_keys: the unknown keys. */
  readonly keys?: readonly string[];
}

export type ParamParseResult<P> = { success: true; data: P } | { success: false; error: { issues: readonly ParamIssue[] } };

export interface ParamSchema<P> {
  safeParse(input: unknown): ParamParseResult<P>;
}

/**
 * The first issue of a failed parse as a key path under `prefix` ('aggregator', 'attack') and a
 * message; an unknown key reads `unknown key for <what>`.
 */
export function describeIssue(issue: ParamIssue, prefix: string, what: string): { field: string; message: string } {
  const at = [prefix, ...issue.path.map(String)].join('.');
  if (issue.code === 'unrecognized_keys' && issue.keys && issue.keys.length > 0) {
    const more = issue.keys.length > 1 ? `; also unknown: ${issue.keys.slice(1).join(', ')}` : '';
    return { field: `${at}.${issue.keys[0]}`, message: `unknown key for ${what}${more}` };
  }
  return { field: at, message: issue.message };
}
