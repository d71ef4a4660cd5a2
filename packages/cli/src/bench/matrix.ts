/**
 * The robustness matrix file of `fedrank bench robustness` (YAML, validated with zod):
 *
 *   base: ../frl-lenet-fashion-mnist.yaml   # a run config (relative to this file) or an inline mapping
 *   rounds: 50                              # optional: federation.rounds of every cell
 *   workers: 1                              # optional: worker threads per run (default 1)
 *   set: { training: { lr: 0.2 } }          # optional: more overrides for every cell
 *   aggregators: [frl-vote, { kind: trimmed-mean, beta: 2, label: tm-b2 }]
 *   attacks: [none, { kind: rank-reversal }]
 *   fractions: [0, 0.1, 0.2]                # attack.fraction
 *   seeds: [1, 2]
 *   groups:                                 # optional: a union of products instead of one product;
 *     - { aggregators: [fedavg], attacks: [scaling] }   # a group inherits the lists it leaves out
 *
 * An entry is a name or a mapping with `kind`, its parameters (set under `aggregator.` /
 * `attack.`) and an optional `label` (default: the kind) naming it in cell ids and tables.
 * Every list is optional: a dimension left out is not overridden (the base config decides).
 *
 * A cell is `fedrank run <base> --set ...`, in this order: workers, federation.rounds, `set:`,
 * then the cell's aggregator.kind and parameters, attack.kind and parameters, attack.fraction,
 * seed. Overrides set single fields, so keep rule and attack parameters in the entries, not in
 * the base config (a base `attack.scale` would reach every attack, and `none` rejects it).
 */
import { z } from 'zod';
import { MatrixError } from './matrix-error.js';
import { flattenOverrides } from './overrides.js';

export interface MatrixEntry {
  /** Names the entry in cell ids, results.csv and the table. */
  readonly label: string;
  readonly kind: string;
  /** Parameters besides `kind`, set as `aggregator.<key>` / `attack.<key>`. */
  readonly params: Readonly<Record<string, unknown>>;
  /** Where the entry is in the file, for error messages: `groups[1].attacks[0]`. */
  readonly field: string;
}

export interface MatrixGroup {
  readonly field: string;
  readonly aggregators?: readonly MatrixEntry[];
  readonly attacks?: readonly MatrixEntry[];
  readonly fractions?: readonly number[];
  readonly seeds?: readonly number[];
}

export type MatrixBase =
  { readonly kind: 'file'; readonly path: string } | { readonly kind: 'inline'; readonly config: Readonly<Record<string, unknown>> };

export interface BenchMatrix {
  readonly base: MatrixBase;
  readonly rounds?: number;
  readonly workers?: number | 'auto';
  /** `key.path=value` overrides applied to every cell (from `set:`). */
  readonly set: readonly string[];
  /** The products whose union is the matrix (one when the file has no `groups:`). */
  readonly groups: readonly MatrixGroup[];
}

const nonEmpty = 'expected at least one entry (an empty list runs nothing)';

const entrySchema = z.preprocess(
  (v) => (typeof v === 'string' ? { kind: v } : v),
  z.looseObject({
    kind: z.string().min(1, 'expected a non-empty name'),
    label: z
      .string()
      .min(1, 'expected a non-empty label')
      .regex(/^[A-Za-z0-9._+=-]+$/, 'expected letters, digits and . _ + = - only (it names directories)')
      .optional(),
  }),
);

const entries = z.array(entrySchema).min(1, nonEmpty);
const fractions = z.array(z.number().min(0, 'expected a fraction in [0, 1]').max(1, 'expected a fraction in [0, 1]')).min(1, nonEmpty);
const seeds = z.array(z.number().int('expected an integer seed').nonnegative('expected a seed >= 0')).min(1, nonEmpty);

const dimensions = {
  aggregators: entries.optional(),
  attacks: entries.optional(),
  fractions: fractions.optional(),
  seeds: seeds.optional(),
};

const matrixSchema = z.strictObject({
  base: z.union([z.string().min(1), z.record(z.string(), z.unknown())], {
    error: (issue) =>
      issue.input === undefined
        ? 'required: a run config path or an inline config mapping'
        : 'expected a run config path or an inline config mapping',
  }),
  rounds: z.number().int().positive().optional(),
  workers: z
    .union([z.literal('auto'), z.number().int().min(0).max(64)], { error: "expected 'auto' or an integer from 0 to 64" })
    .optional(),
  set: z.record(z.string(), z.unknown()).optional(),
  ...dimensions,
  groups: z.array(z.strictObject(dimensions)).min(1, nonEmpty).optional(),
});

type RawMatrix = z.output<typeof matrixSchema>;
type RawEntry = z.output<typeof entrySchema>;

/** `['groups', 1, 'aggregators', 0]` -> `groups[1].aggregators[0]`. */
export function fieldName(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out ? `.${String(p)}` : String(p);
  }
  return out;
}

function toEntries(raw: readonly RawEntry[] | undefined, field: string, dimension: string): MatrixEntry[] | undefined {
  if (!raw) return undefined;
  const seen = new Set<string>();
  return raw.map((e, i) => {
    const { kind, label, ...params } = e;
    const entry: MatrixEntry = { label: label ?? kind, kind, params, field: `${field}[${i}]` };
    if (seen.has(entry.label)) {
      throw new MatrixError(`'${entry.label}' is listed twice; give one a distinct label`, entry.field);
    }
    if (dimension === 'attacks' && 'fraction' in params) {
      throw new MatrixError('set attack fractions with the fractions list, not in an attack entry', `${entry.field}.fraction`);
    }
    seen.add(entry.label);
    return entry;
  });
}

function noDuplicates(values: readonly number[] | undefined, field: string): void {
  if (!values) return;
  const dup = values.find((v, i) => values.indexOf(v) !== i);
  if (dup !== undefined) throw new MatrixError(`${dup} is listed twice`, field);
}

function toGroup(
  raw: Partial<Pick<RawMatrix, 'aggregators' | 'attacks' | 'fractions' | 'seeds'>>,
  field: string,
  inherited: MatrixGroup | undefined,
  complete: boolean,
): MatrixGroup {
  const at = (key: string): string => (field ? `${field}.${key}` : key);
  noDuplicates(raw.fractions, at('fractions'));
  noDuplicates(raw.seeds, at('seeds'));
  const group: MatrixGroup = {
    field,
    aggregators: toEntries(raw.aggregators, at('aggregators'), 'aggregators') ?? inherited?.aggregators,
    attacks: toEntries(raw.attacks, at('attacks'), 'attacks') ?? inherited?.attacks,
    fractions: raw.fractions ?? inherited?.fractions,
    seeds: raw.seeds ?? inherited?.seeds,
  };
  if (complete && group.attacks?.some((a) => a.kind !== 'none') && !group.fractions) {
    throw new MatrixError('required when attacks are listed (the malicious fractions, e.g. [0, 0.1, 0.2])', at('fractions'));
  }
  return group;
}

/** An entry label means one spec across the whole file (it names cell directories). */
function checkLabelsConsistent(groups: readonly MatrixGroup[]): void {
  for (const dimension of ['aggregators', 'attacks'] as const) {
    const specs = new Map<string, string>();
    for (const g of groups) {
      for (const e of g[dimension] ?? []) {
        const spec = JSON.stringify([e.kind, e.params]);
        const prev = specs.get(e.label);
        if (prev !== undefined && prev !== spec) {
          throw new MatrixError(
            `'${e.label}' names another ${dimension.slice(0, -1)} elsewhere in the file; give one a distinct label`,
            e.field,
          );
        }
        specs.set(e.label, spec);
      }
    }
  }
}

/** Validates a parsed matrix file; throws MatrixError naming the first bad field. */
export function parseMatrix(raw: unknown, file?: string): BenchMatrix {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new MatrixError('expected a YAML mapping (base, aggregators, attacks, fractions, seeds, ...)', '', file);
  }
  const r = matrixSchema.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0];
    let field = fieldName(issue.path);
    let message = issue.message;
    if (issue.code === 'unrecognized_keys') {
      field = issue.keys.map((k) => (field ? `${field}.${k}` : k))[0];
      message = `unknown key (expected base, rounds, workers, set, aggregators, attacks, fractions, seeds, groups)`;
      if (issue.path.length > 0) message = 'unknown key (a group has aggregators, attacks, fractions, seeds)';
    }
    throw new MatrixError(message, field || '(root)', file);
  }
  const m = r.data;
  try {
    // Without groups the top-level lists are the one product; with groups they are defaults.
    const top = toGroup(m, '', undefined, !m.groups);
    const groups = m.groups ? m.groups.map((g, i) => toGroup(g, `groups[${i}]`, top, true)) : [top];
    checkLabelsConsistent(groups);
    return {
      base: typeof m.base === 'string' ? { kind: 'file', path: m.base } : { kind: 'inline', config: m.base },
      rounds: m.rounds,
      workers: m.workers,
      set: m.set ? flattenOverrides(m.set) : [],
      groups,
    };
  } catch (e) {
    if (e instanceof MatrixError && file) throw new MatrixError(e.detail, e.field, file);
    throw e;
  }
}
