/**
 * A run's identity: the first 12 hex digits of the SHA-256 of its resolved config (validated,
 * defaults filled in) as canonical JSON (object keys sorted, no whitespace). Equal configs give
 * equal hashes whatever the key order of the files they came from.
 */
import { createHash } from 'node:crypto';

export const HASH_LENGTH = 12;

/** JSON with every object's keys sorted; undefined fields left out, as JSON.stringify does. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    const o = v as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(o)
        .sort()
        .map((k) => [k, o[k]]),
    );
  });
}

export function configHash(config: unknown): string {
  return createHash('sha256').update(canonicalJson(config)).digest('hex').slice(0, HASH_LENGTH);
}
