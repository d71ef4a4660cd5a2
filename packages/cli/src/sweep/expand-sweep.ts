/**
 * Expands a sweep file into runs: the base config, then `set:`, then each run's axis values
 * (shorter key paths first), validated with the run config schema. Every run is checked before
 * anything runs; a config error names the axis key it comes from. Runs that resolve to the same
 * config (same hash) are one run.
 */
import { resolve } from 'node:path';
import { ConfigError, parseRunConfig, type RunConfig } from '@fedrank/server';
import { applyOverrides } from '../config-file.js';
import { isUserFacingError } from '../user-error.js';
import { loadBaseConfig, readSpecYaml } from '../bench/base-config.js';
import { MatrixError } from '../bench/matrix-error.js';
import { formatOverride } from '../bench/overrides.js';
import { runHash } from './config-hash.js';
import { parseSweep, type SweepAxis, type SweepSpec } from './sweep-file.js';

export interface SweepRun {
  /** runHash(config): the run's directory name and (as run-<hash>) its job id. */
  readonly hash: string;
  /** The run's value on each axis, keyed by axis key (`seed` for seeds), in axis order. */
  readonly values: Readonly<Record<string, unknown>>;
  readonly config: RunConfig;
}

export interface LoadedSweep {
  /** The sweep file, absolute. */
  readonly file: string;
  readonly spec: SweepSpec;
  /** The base config file, absolute; undefined for an inline base. */
  readonly baseFile?: string;
  /** Axis keys: the swept columns of results. */
  readonly columns: readonly string[];
  /** Distinct runs in expansion order (grid points x zip positions x seeds). */
  readonly runs: readonly SweepRun[];
}

/** Each point: one value per axis (zip axes share one index). */
function* points(axes: readonly SweepAxis[]): Generator<Record<string, unknown>> {
  const zip = axes.filter((a) => a.kind === 'zip');
  const dims: { keys: SweepAxis[]; size: number }[] = [];
  for (const a of axes.filter((x) => x.kind === 'grid')) dims.push({ keys: [a], size: a.values.length });
  if (zip.length > 0) dims.push({ keys: zip, size: zip[0].values.length });
  for (const a of axes.filter((x) => x.kind === 'seeds')) dims.push({ keys: [a], size: a.values.length });
  const index = dims.map(() => 0);
  for (;;) {
    const point: Record<string, unknown> = {};
    dims.forEach((d, i) => d.keys.forEach((a) => (point[a.key] = a.values[index[i]])));
    yield point;
    let i = dims.length - 1;
    while (i >= 0 && ++index[i] === dims[i].size) index[i--] = 0;
    if (i < 0) return;
  }
}

function axisField(axes: readonly SweepAxis[], key: string): string {
  const axis = axes.find((a) => a.key === key);
  return axis?.kind === 'seeds' ? 'seeds' : `${axis?.kind}.${key}`;
}

/** The axis whose key path is the error's field, inside it, or above it. */
function axisOf(axes: readonly SweepAxis[], field: string): string | undefined {
  const hit = axes.find((a) => field === a.key || field.startsWith(`${a.key}.`) || a.key.startsWith(`${field}.`));
  return hit?.key;
}

function describe(values: Readonly<Record<string, unknown>>): string {
  return Object.entries(values)
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(', ');
}

/** One client-training thread per run (runs are the parallelism), unless the base, `set:` or an axis says otherwise. */
function threadDefault(spec: SweepSpec, base: Readonly<Record<string, unknown>>): string[] {
  const said = 'workers' in base || spec.set.some((s) => s.startsWith('workers=')) || spec.axes.some((a) => a.key === 'workers');
  return said ? [] : [formatOverride('workers', 1)];
}

export function expandSweep(spec: SweepSpec, base: Readonly<Record<string, unknown>>, file?: string): SweepRun[] {
  const runs = new Map<string, SweepRun>();
  const common = [...threadDefault(spec, base), ...spec.set];
  for (const values of points(spec.axes)) {
    const assignments = Object.entries(values)
      .map(([k, v], order) => ({ k, v, order, depth: k.split('.').length }))
      .sort((a, b) => a.depth - b.depth || a.order - b.order)
      .map(({ k, v }) => formatOverride(k, v));
    let config: RunConfig;
    try {
      config = parseRunConfig(applyOverrides(base, [...common, ...assignments]));
    } catch (e) {
      if (!isUserFacingError(e)) throw e;
      const field = e instanceof ConfigError ? e.field : (e.field ?? '');
      const detail = field && e.message.startsWith(`${field}: `) ? e.message.slice(field.length + 2) : e.message;
      const key = axisOf(spec.axes, field);
      if (key !== undefined) {
        const where = key === field ? '' : `${field}: `;
        throw new MatrixError(`${where}${detail} (in the run ${describe(values)})`, axisField(spec.axes, key), file);
      }
      throw new MatrixError(`${e.message} (in the run ${describe(values)})`, '', file);
    }
    const hash = runHash(config);
    if (!runs.has(hash)) runs.set(hash, { hash, values, config });
  }
  return [...runs.values()];
}

export function loadSweep(path: string): LoadedSweep {
  const raw = readSpecYaml(path);
  const spec = parseSweep(raw, path);
  const base = loadBaseConfig(spec.base, path);
  return {
    file: resolve(path),
    spec,
    baseFile: base.file,
    columns: spec.axes.map((a) => a.key),
    runs: expandSweep(spec, base.config, path),
  };
}
