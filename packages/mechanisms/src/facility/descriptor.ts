/**
 * What every facility-location mechanism exports from its own file: one descriptor with its kind
 * (the `--mechanism` name), its parameter schema (zod: the keys it reads from the shared
 * parameters `phantoms`, `f`, `m`; the others are ignored, as one CLI call passes what it was
 * given) and a factory. The registry (registry.ts) is the list of them.
 */
import { z } from 'zod';
import type { FacilityMechanism } from './mechanism.js';

export interface FacilityMechanismDescriptor<K extends string = string, S extends z.ZodObject = z.ZodObject> {
  readonly kind: K;
  readonly params: S;
  create(params: z.output<S>): FacilityMechanism;
}

/** Identity, typed: keeps the literal kind and the schema's parameter types. */
export function defineFacilityMechanism<const K extends string, S extends z.ZodObject>(
  d: FacilityMechanismDescriptor<K, S>,
): FacilityMechanismDescriptor<K, S> {
  return d;
}

/** Trimmed/tolerated reports of trimmed-mean, krum, multi-krum (default 0). */
export const toleratedParam = z.number().int().nonnegative().default(0);
