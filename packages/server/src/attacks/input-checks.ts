/**
 * Input checks of the weight attacks: options validated one by one, and update lists of one
 * length. Every failure is an AttackError naming the config field (attack.<option>, or
 * attack.kind for what the threat model must provide).
 */
import { AttackError } from './types.js';

/** Field named by errors about the threat model / context an attack needs. */
export const KIND_FIELD = 'attack.kind';

/** Checks that `updates` is non-empty and all have the same length; returns it. */
export function checkSameLength(updates: readonly Float32Array[], attack: string, what: string): number {
  if (updates.length === 0) {
    throw new AttackError(`${attack} needs at least one ${what} update, got none`, KIND_FIELD);
  }
  const dim = updates[0].length;
  for (let i = 1; i < updates.length; i++) {
    if (updates[i].length !== dim) {
      throw new AttackError(`${attack}: ${what} update ${i} has ${updates[i].length} coordinates, update 0 has ${dim}`, KIND_FIELD);
    }
  }
  return dim;
}

/** Validates a numeric option: finite, and (when given) within [min, max] or > exclusiveMin. */
export function checkNumber(value: number, field: string, opts: { min?: number; exclusiveMin?: number; integer?: boolean } = {}): number {
  const bad =
    !Number.isFinite(value) ||
    (opts.integer === true && !Number.isInteger(value)) ||
    (opts.min !== undefined && value < opts.min) ||
    (opts.exclusiveMin !== undefined && value <= opts.exclusiveMin);
  if (bad) {
    const range = opts.exclusiveMin !== undefined ? ` > ${opts.exclusiveMin}` : opts.min !== undefined ? ` >= ${opts.min}` : '';
    throw new AttackError(`expected a finite ${opts.integer === true ? 'integer' : 'number'}${range}, got ${value}`, field);
  }
  return value;
}

/** Validates a string option against its allowed values. */
export function checkChoice<T extends string>(value: T, allowed: readonly T[], field: string): T {
  if (!allowed.includes(value)) {
    throw new AttackError(`expected one of ${allowed.join(', ')}, got ${String(value)}`, field);
  }
  return value;
}
