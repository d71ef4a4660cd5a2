/**
 * Expands a matrix into cells: the union over groups of aggregators x attacks x fractions x
 * seeds. Each cell is a list of `--set` overrides on the base config. A cell with no attack
 * (attack `none` or fraction 0) is the baseline of its (aggregator, seed) and exists once however
 * many attacks list it. Every cell is checked against the run config before anything runs: a cell
 * the config rejects (a weight rule with a ranking attack, ...) is kept with its reason and skipped.
 */
import { MatrixError } from './matrix-error.js';
import type { BenchMatrix, MatrixEntry, MatrixGroup } from './matrix.js';
import { formatOverride } from './overrides.js';

export interface Cell {
  /** Filesystem-safe: the cell's directory name under `<out>/cells/`. */
  readonly id: string;
  readonly aggregator: string;
  /** `none` for a baseline. */
  readonly attack: string;
  readonly fraction: number;
  /** null only when the config neither sets nor validates a seed. */
  readonly seed: number | null;
  readonly baseline: boolean;
  /** The `--set` arguments of `fedrank run`, in order. */
  readonly overrides: readonly string[];
  /** Why the run config rejects this cell (then it is not run). */
  readonly rejected?: string;
}

/** One point of the matrix as written (a baseline point names the attack it was listed with). */
export interface RequestedCell {
  readonly aggregator: string;
  readonly attack: string;
  readonly fraction: number;
  readonly seed: number | null;
  readonly cellId: string;
}

export interface CellPlan {
  /** Distinct cells, in matrix order. */
  readonly cells: readonly Cell[];
  /** Every point of the matrix, in order, mapped to its cell. */
  readonly requested: readonly RequestedCell[];
}

/**
 * Validates the config a list of overrides gives: `config` is the validated config (defaults
 * filled in), or the unvalidated input with `error` (one line naming the field) when rejected.
 */
export type CellCheck = (overrides: readonly string[]) => { readonly config: unknown; readonly error?: string };

/** The string at `path`, or `fallback` when it is absent or not a string. */
function textAt(obj: unknown, path: string, fallback: string): string {
  const v = getPath(obj, path);
  return typeof v === 'string' ? v : fallback;
}

function getPath(obj: unknown, path: string): unknown {
  let node = obj;
  for (const key of path.split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

function safe(label: string): string {
  return label.replace(/[^A-Za-z0-9._+=-]/g, '-');
}

export function cellId(aggregator: string, attack: string, fraction: number, seed: number | null): string {
  return `${safe(aggregator)}--${safe(attack)}--f${fraction}--s${seed ?? 'base'}`;
}

/** Overrides every cell shares: workers (1 per run unless the matrix says), rounds, `set:`. */
export function commonOverrides(matrix: BenchMatrix): string[] {
  const out = [formatOverride('workers', matrix.workers ?? 1)];
  if (matrix.rounds !== undefined) out.push(formatOverride('federation.rounds', matrix.rounds));
  out.push(...matrix.set);
  return out;
}

function entryOverrides(prefix: string, e: MatrixEntry): string[] {
  // Parameters go in as whole values (a nested parameter such as range: {lo, hi} stays one value).
  return [formatOverride(`${prefix}.kind`, e.kind), ...Object.entries(e.params).map(([k, v]) => formatOverride(`${prefix}.${k}`, v))];
}

interface Point {
  readonly group: MatrixGroup;
  readonly aggregator?: MatrixEntry;
  readonly attack?: MatrixEntry;
  readonly fraction?: number;
  readonly seed?: number;
}

function* points(group: MatrixGroup): Generator<Point> {
  const maybe = <T>(xs: readonly T[] | undefined): readonly (T | undefined)[] => xs ?? [undefined];
  for (const aggregator of maybe(group.aggregators))
    for (const attack of maybe(group.attacks))
      for (const fraction of maybe(group.fractions))
        for (const seed of maybe(group.seeds)) yield { group, aggregator, attack, fraction, seed };
}

function isBaselinePoint(p: Point): boolean {
  return p.attack?.kind === 'none' || p.fraction === 0;
}

/** The overrides of a point; a baseline point drops its attack for `attack.kind=none`. */
function pointOverrides(common: readonly string[], p: Point): string[] {
  const out = [...common];
  if (p.aggregator) out.push(...entryOverrides('aggregator', p.aggregator));
  if (isBaselinePoint(p)) {
    if (p.attack) out.push(formatOverride('attack.kind', 'none'));
    if (p.fraction !== undefined) out.push(formatOverride('attack.fraction', 0));
  } else {
    if (p.attack) out.push(...entryOverrides('attack', p.attack));
    if (p.fraction !== undefined) out.push(formatOverride('attack.fraction', p.fraction));
  }
  if (p.seed !== undefined) out.push(formatOverride('seed', p.seed));
  return out;
}

export function expandCells(matrix: BenchMatrix, check: CellCheck): CellPlan {
  const common = commonOverrides(matrix);
  const cells = new Map<string, Cell>();
  const requested: RequestedCell[] = [];
  let firstRejection: string | undefined;
  for (const group of matrix.groups) {
    for (const p of points(group)) {
      const overrides = pointOverrides(common, p);
      const { config, error } = check(overrides);
      firstRejection ??= error;
      // Labels: the matrix entry, else what the config says, else the documented default.
      const aggregator = p.aggregator?.label ?? textAt(config, 'aggregator.kind', 'default');
      const configSeed = getPath(config, 'seed');
      const seed = p.seed ?? (typeof configSeed === 'number' ? configSeed : null);
      let attack = p.attack?.label ?? textAt(config, 'attack.kind', 'none');
      const configFraction = getPath(config, 'attack.fraction');
      let fraction = p.fraction ?? (typeof configFraction === 'number' ? configFraction : 0);
      const baseline = isBaselinePoint(p) || attack === 'none' || fraction === 0;
      const requestedAttack = attack;
      const requestedFraction = fraction;
      if (baseline) {
        attack = 'none';
        fraction = 0;
      }
      const id = cellId(aggregator, attack, fraction, seed);
      if (!cells.has(id)) cells.set(id, { id, aggregator, attack, fraction, seed, baseline, overrides, rejected: error });
      requested.push({ aggregator, attack: requestedAttack, fraction: requestedFraction, seed, cellId: id });
    }
  }
  const list = [...cells.values()];
  if (firstRejection !== undefined && list.every((c) => c.rejected !== undefined)) {
    throw new MatrixError(`no cell passes the run config (${firstRejection})`, '');
  }
  checkEntriesRunSomewhere(matrix, list);
  return { cells: list, requested };
}

/**
 * An aggregator or attack that the config rejects in every cell it appears in is a mistake in
 * the matrix (a misspelt kind or parameter), not an incompatible pair: stop with its field.
 */
function checkEntriesRunSomewhere(matrix: BenchMatrix, cells: readonly Cell[]): void {
  const seen = new Set<string>();
  for (const group of matrix.groups) {
    for (const [dimension, entries] of [
      ['aggregator', group.aggregators],
      ['attack', group.attacks],
    ] as const) {
      for (const e of entries ?? []) {
        const key = `${dimension}:${e.label}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const mine = cells.filter((c) => (dimension === 'aggregator' ? c.aggregator === e.label : !c.baseline && c.attack === e.label));
        if (mine.length > 0 && mine.every((c) => c.rejected !== undefined)) {
          throw new MatrixError(`'${e.label}' is rejected by the run config in every cell it appears in (${mine[0].rejected})`, e.field);
        }
      }
    }
  }
}
