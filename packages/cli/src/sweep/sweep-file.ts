/**
 * The sweep file of `fedrank sweep` (YAML, validated with zod):
 *
 *   base: ../quickstart.yaml          # a run config (relative to this file) or an inline mapping
 *   set: { federation: { rounds: 3 } } # optional: overrides for every run (not an axis)
 *   grid:                             # optional: the cartesian product of these lists
 *     aggregator.kind: [frl-vote, fedavg]
 *     attack.fraction: [0, 0.1]
 *   zip:                              # optional: lists of equal length that move together
 *     attack: [{ kind: rank-reversal }, { kind: scaling, scale: 100000 }]
 *     training.lr: [0.4, 0.01]
 *   seeds: [1, 2, 3]                  # optional: the `seed` of each run
 *
 * Runs: grid points x zip positions x seeds. An axis key is a config key path; its value is set
 * whole (a mapping replaces the subtree). In a run, shorter key paths are set first, so `attack`
 * (zip) and then `attack.fraction` (grid) combine. Runs are the parallelism: each trains its
 * clients in one thread (`workers: 1`) unless the base config, `set:` or an axis sets `workers`.
 */
import { z } from 'zod';
import { fieldName } from '../bench/matrix.js';
import { MatrixError } from '../bench/matrix-error.js';
import type { BaseSpec } from '../bench/base-config.js';
import { flattenOverrides } from '../bench/overrides.js';

export type AxisKind = 'grid' | 'zip' | 'seeds';

export interface SweepAxis {
  readonly kind: AxisKind;
  /** The config key path the axis sets (`seed` for seeds). */
  readonly key: string;
  readonly values: readonly unknown[];
}

export interface SweepSpec {
  readonly base: BaseSpec;
  /** `key.path=value` overrides applied to every run before the axes. */
  readonly set: readonly string[];
  /** In file order: grid keys, zip keys, then seed. */
  readonly axes: readonly SweepAxis[];
}

const nonEmpty = 'expected at least one value (an empty list runs nothing)';
const keyPath = z.string().regex(/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/, 'expected a config key path such as attack.fraction');

const sweepSchema = z.strictObject({
  base: z.union([z.string().min(1), z.record(z.string(), z.unknown())], {
    error: (issue) =>
      issue.input === undefined
        ? 'required: a run config path or an inline config mapping'
        : 'expected a run config path or an inline config mapping',
  }),
  set: z.record(z.string(), z.unknown()).optional(),
  grid: z.record(keyPath, z.array(z.unknown()).min(1, nonEmpty)).optional(),
  zip: z.record(keyPath, z.array(z.unknown()).min(1, nonEmpty)).optional(),
  seeds: z.array(z.number().int('expected an integer seed').nonnegative('expected a seed >= 0')).min(1, nonEmpty).optional(),
});

function noDuplicates(values: readonly unknown[], field: string): void {
  const seen = new Set<string>();
  for (const v of values) {
    const k = JSON.stringify(v);
    if (seen.has(k)) throw new MatrixError(`${k} is listed twice`, field);
    seen.add(k);
  }
}

/** Validates a parsed sweep file; throws MatrixError naming the first bad field. */
export function parseSweep(raw: unknown, file?: string): SweepSpec {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new MatrixError('expected a YAML mapping (base, set, grid, zip, seeds)', '', file);
  }
  const r = sweepSchema.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0];
    let field = fieldName(issue.path);
    let message = issue.message;
    if (issue.code === 'unrecognized_keys') {
      field = issue.keys.map((k) => (field ? `${field}.${k}` : k))[0];
      message = 'unknown key (expected base, set, grid, zip, seeds)';
    }
    throw new MatrixError(message, field || '(root)', file);
  }
  const s = r.data;
  const axes: SweepAxis[] = [];
  const owner = new Map<string, string>();
  const add = (kind: AxisKind, key: string, values: readonly unknown[]): void => {
    const field = kind === 'seeds' ? 'seeds' : `${kind}.${key}`;
    const prev = owner.get(key);
    if (prev !== undefined) throw new MatrixError(`${key} is already an axis (${prev}); a key can move on one axis only`, field, file);
    owner.set(key, field);
    if (kind !== 'zip') noDuplicates(values, field);
    axes.push({ kind, key, values });
  };
  try {
    for (const [key, values] of Object.entries(s.grid ?? {})) add('grid', key, values);
    const zip = Object.entries(s.zip ?? {});
    for (const [key, values] of zip) {
      if (values.length !== zip[0][1].length) {
        throw new MatrixError(`expected ${zip[0][1].length} values, as zip.${zip[0][0]} has (zip lists move together)`, `zip.${key}`);
      }
      add('zip', key, values);
    }
    if (s.seeds) add('seeds', 'seed', s.seeds);
  } catch (e) {
    if (e instanceof MatrixError && file && !e.file) throw new MatrixError(e.detail, e.field, file);
    throw e;
  }
  return {
    base: typeof s.base === 'string' ? { kind: 'file', path: s.base } : { kind: 'inline', config: s.base },
    set: s.set ? flattenOverrides(s.set) : [],
    axes,
  };
}
