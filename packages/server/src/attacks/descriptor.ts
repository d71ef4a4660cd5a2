/**
 * What every attack exports from its own file: one descriptor with its kind, what it targets
 * (rankings, weights, the clients' data, the wire, nothing), its parameter schema (a strict zod
 * object: the keys its config block accepts besides `kind` and the threat-model keys below) and
 * a factory. The registry (registry.ts) is the list of them; the run config's `attack` block is
 * derived from that list.
 */
import { z } from 'zod';
import { count } from '../plugins/param-types.js';
import type { Attack, AttackTarget } from './types.js';

/** The threat model's keys, accepted by every attack. */
export const attackCommonParams = {
  /** Fraction of the clients that are malicious, in [0, 1]. */
  fraction: z.number().min(0, 'expected a fraction in [0, 1]').max(1, 'expected a fraction in [0, 1]').default(0),
  /** Attacker clients that train honestly each round to feed the attack (default 25, the reference's rand_mal_clients). */
  poolSize: count(1).optional(),
  /** The attacker sees this round's benign updates (default false, as the reference). */
  seesBenign: z.boolean().optional(),
  /** The attacker knows the aggregation rule (default: the descriptor's requiresAggregator). */
  knowsAggregator: z.boolean().optional(),
};

export interface AttackCommon {
  fraction: number;
  poolSize?: number;
  seesBenign?: boolean;
  knowsAggregator?: boolean;
}

export interface AttackDescriptor<K extends string = string, S extends z.ZodObject = z.ZodObject> {
  readonly kind: K;
  readonly targets: AttackTarget;
  /** The attack evaluates the server's rule, so it cannot run unless the attacker knows it. */
  readonly requiresAggregator?: boolean;
  readonly params: S;
  create(params: z.output<S>): Attack;
}

/** Identity, typed: keeps the literal kind and the schema's parameter types. */
export function defineAttack<const K extends string, S extends z.ZodObject>(d: AttackDescriptor<K, S>): AttackDescriptor<K, S> {
  return d;
}
