/**
 * zod building blocks for the built-in plugins' parameters, with messages that name the bound and
 * the value given ('must be an integer >= 1, got 0'); the key path is added where the issue is
 * reported.
 */
import { z } from 'zod';

/** An integer >= min. */
export function count(min = 0) {
  return z
    .number()
    .refine((v) => Number.isInteger(v) && v >= min, { error: (iss) => `must be an integer >= ${min}, got ${String(iss.input)}` });
}

/** A finite number > bound. */
export function greaterThan(bound: number) {
  return z.number().refine((v) => v > bound, { error: (iss) => `must be a finite number > ${bound}, got ${String(iss.input)}` });
}

/** A finite number >= bound. */
export function atLeast(bound: number) {
  return z.number().refine((v) => v >= bound, { error: (iss) => `must be a finite number >= ${bound}, got ${String(iss.input)}` });
}

/** A finite number > 0. */
export function positive() {
  return greaterThan(0);
}

/** One of `values`. */
export function choice<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: (iss) => `expected one of ${values.join(', ')}, got ${String(iss.input)}` });
}
