/**
 * The runs of one report and how they relate: each run's label (its directory name, with as much
 * of its path as tells it apart), its flattened config, the config keys that differ between runs,
 * and its series: the runs that differ only in their seed form one series (a mean and a band).
 */
import { basename, relative, sep } from 'node:path';
import { distinguishingKeys, flattenConfig, formatConfigValue, shortKeyNames, varyingKeys, type FlatConfig } from './config-diff.js';
import type { LoadedRun } from './load-run.js';

export const SEED_KEY = 'seed';
/** Column names of the summary table that config keys must not take. */
const RESERVED_NAMES = ['run', 'status', 'rounds', 'backend'];
/** Beyond this many distinguishing config keys, a series is named after its first run, not its values. */
export const MAX_LABEL_KEYS = 4;

export interface ReportRun extends LoadedRun {
  readonly label: string;
  readonly flat: FlatConfig;
  /** The series this run belongs to (varying config values but the seed), marked when it holds interrupted runs. */
  readonly series: string;
}

export interface RunSet {
  readonly runs: readonly ReportRun[];
  /** Config keys whose values differ between runs, in config order. */
  readonly varying: readonly string[];
  /** Column names for `varying`. */
  readonly names: ReadonlyMap<string, string>;
  /** `varying` without the seed: what tells series apart. */
  readonly seriesKeys: readonly string[];
  /** The fewest of `seriesKeys` that tell the series apart: what series labels show. */
  readonly labelKeys: readonly string[];
  /** Title of the series legend. */
  readonly seriesTitle: string;
}

/** summary.json's final accuracy, else (an interrupted run) the last evaluated round's. */
export function finalAccuracy(run: ReportRun): number {
  return run.summary?.finalAccuracy ?? run.rounds[run.rounds.length - 1].accuracy;
}

function commonDir(dirs: readonly string[]): string {
  const split = dirs.map((d) => d.split(sep));
  const first = split[0];
  let n = 0;
  while (n < first.length && split.every((s) => s.length > n + 1 && s[n] === first[n])) n++;
  return first.slice(0, n).join(sep) || sep;
}

function runLabels(dirs: readonly string[]): string[] {
  const names = dirs.map((d) => basename(d));
  const unique = new Set(names).size === names.length;
  if (unique) return names;
  const root = commonDir(dirs);
  return dirs.map((d) => relative(root, d) || basename(d));
}

export function buildRunSet(loaded: readonly LoadedRun[]): RunSet {
  const flats = loaded.map((r) => flattenConfig(r.config));
  const varying = varyingKeys(flats);
  const names = shortKeyNames(varying, RESERVED_NAMES);
  const seriesKeys = varying.filter((k) => k !== SEED_KEY);
  const labels = runLabels(loaded.map((r) => r.dir));
  const commonName = new Set(loaded.map((r) => r.config.name)).size === 1 ? loaded[0].config.name : undefined;
  const labelKeys = distinguishingKeys(flats, seriesKeys);
  const byValues = labelKeys.length > 0 && labelKeys.length <= MAX_LABEL_KEYS;
  // Runs of one series share every config value but the seed.
  const groupKey = (flat: FlatConfig): string => JSON.stringify(seriesKeys.map((k) => flat.get(k) ?? null));
  const firstLabel = new Map<string, string>();
  loaded.forEach((_, i) => {
    if (!firstLabel.has(groupKey(flats[i]))) firstLabel.set(groupKey(flats[i]), labels[i]);
  });
  const seriesOf = (flat: FlatConfig): string => {
    if (seriesKeys.length === 0) return loaded.length === 1 ? labels[0] : typeof commonName === 'string' ? commonName : 'all runs';
    if (!byValues) return firstLabel.get(groupKey(flat)) as string;
    const own = labelKeys.filter((k) => flat.get(k) !== undefined);
    return own.map((k) => `${names.get(k)}=${formatConfigValue(flat.get(k))}`).join(', ');
  };
  // A series with interrupted runs says so in its name (the legend): `(interrupted)` or `(1/2 interrupted)`.
  const names0 = loaded.map((_, i) => seriesOf(flats[i]));
  const marked = (name: string): string => {
    const members = loaded.filter((_, i) => names0[i] === name);
    const stopped = members.filter((r) => r.interrupted).length;
    if (stopped === 0) return name;
    return `${name} (${stopped === members.length ? '' : `${stopped}/${members.length} `}interrupted)`;
  };
  const runs = loaded.map((r, i) => ({ ...r, label: labels[i], flat: flats[i], series: marked(names0[i]) }));
  const seriesTitle = byValues ? labelKeys.map((k) => names.get(k)).join(' / ') : 'run';
  return { runs, varying, names, seriesKeys, labelKeys, seriesTitle };
}
