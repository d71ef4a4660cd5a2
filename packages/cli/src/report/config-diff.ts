/**
 * What distinguishes a set of runs: their resolved configs flattened to dotted keys (arrays are
 * single values), and the keys whose values are not the same in every run (a key missing from a
 * run counts as a value of its own). `name` is left out: it labels a run, it does not configure it.
 * Keys come in config order (first seen), so a table reads like the config file.
 */

export type FlatConfig = ReadonlyMap<string, unknown>;

/** Keys never reported as differences. */
export const IGNORED_KEYS: readonly string[] = ['name'];

export function flattenConfig(value: unknown, prefix = '', into = new Map<string, unknown>()): Map<string, unknown> {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0 && prefix) into.set(prefix, value);
    for (const [k, v] of entries) flattenConfig(v, prefix ? `${prefix}.${k}` : k, into);
  } else if (prefix) {
    into.set(prefix, value);
  }
  return into;
}

const canonical = (v: unknown): string => (v === undefined ? '\u0000absent' : JSON.stringify(v));

export function varyingKeys(configs: readonly FlatConfig[]): string[] {
  const keys: string[] = [];
  const seen = new Set<string>();
  for (const c of configs) {
    for (const k of c.keys()) {
      if (!seen.has(k)) {
        seen.add(k);
        keys.push(k);
      }
    }
  }
  return keys.filter((k) => !IGNORED_KEYS.includes(k) && new Set(configs.map((c) => canonical(c.get(k)))).size > 1);
}

/**
 * The fewest of `keys` that still tell the same configs apart as all of them: a learning rate that
 * comes with each aggregator's defaults adds nothing to the aggregator, nor a malicious fraction of
 * 0 to attack `none`. Keys are tried for dropping last first, parameters before kinds (`*.kind`).
 */
export function distinguishingKeys(configs: readonly FlatConfig[], keys: readonly string[]): string[] {
  const groups = (ks: readonly string[]): number => new Set(configs.map((c) => JSON.stringify(ks.map((k) => canonical(c.get(k)))))).size;
  const all = groups(keys);
  const isKind = (k: string): boolean => k.endsWith('.kind');
  const order = [...keys.filter((k) => !isKind(k)).reverse(), ...keys.filter(isKind).reverse()];
  let kept = [...keys];
  for (const k of order) {
    const without = kept.filter((x) => x !== k);
    if (without.length > 0 && groups(without) === all) kept = without;
  }
  return kept;
}

/**
 * Short column names: `aggregator.kind` -> `aggregator`, `attack.fraction` -> `fraction`; a short
 * name two keys would share, or one in `reserved` (the table's own columns), falls back to the full key.
 */
export function shortKeyNames(keys: readonly string[], reserved: readonly string[] = []): Map<string, string> {
  const short = (k: string): string => {
    const parts = k.replace(/\.kind$/, '').split('.');
    return parts[parts.length - 1];
  };
  const count = new Map<string, number>();
  for (const k of keys) count.set(short(k), (count.get(short(k)) ?? 0) + 1);
  return new Map(keys.map((k) => [k, count.get(short(k)) === 1 && !reserved.includes(short(k)) ? short(k) : k]));
}

export function formatConfigValue(v: unknown): string {
  if (v === undefined) return '-';
  if (typeof v === 'string') return v;
  return JSON.stringify(v);
}
