/**
 * Cells are plain `fedrank run --set key.path=value` overrides. These helpers turn matrix values
 * (nested mappings, scalars, lists) into such strings, so that `applyOverrides` (which parses each
 * value as YAML) gives back exactly the value the matrix held.
 */
import YAML from 'yaml';

/** One `--set` argument: `path=value`, the value written so that YAML reads it back unchanged. */
export function formatOverride(path: string, value: unknown): string {
  return `${path}=${formatValue(value)}`;
}

function formatValue(value: unknown): string {
  if (typeof value === 'string' && !value.includes('\n')) {
    // A bare word when YAML reads it back as the same string ('frl-vote'), quoted otherwise ('1', 'true').
    try {
      if (YAML.parse(value) === value) return value;
    } catch {
      // not plain YAML: quote it
    }
  }
  return JSON.stringify(value) ?? 'null';
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/**
 * `{ training: { lr: 0.1 }, 'federation.rounds': 5 }` under prefix '' ->
 * ['training.lr=0.1', 'federation.rounds=5']. Mappings are walked down to their leaves (so a
 * cell sets single fields and keeps the rest of the base config); lists are set whole.
 */
export function flattenOverrides(value: Readonly<Record<string, unknown>>, prefix = ''): string[] {
  const out: string[] = [];
  for (const [key, v] of Object.entries(value)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (isPlainObject(v) && Object.keys(v).length > 0) out.push(...flattenOverrides(v, path));
    else out.push(formatOverride(path, v));
  }
  return out;
}
