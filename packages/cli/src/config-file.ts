/**
 * Reads a run config: YAML file -> `--set key.path=value` overrides -> user plugin modules
 * (`data.module`, `aggregator.module`, `attack.module`: paths relative to the config file's directory, imported
 * and hashed) -> schema validation. Errors name the file and the key. File paths in the config
 * (data.partition.path) are resolved at load time: relative to the config file's directory when
 * written in the file, relative to the working directory when given with --set.
 */
import { closeSync, existsSync, fstatSync, openSync, readSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import YAML from 'yaml';
import { ConfigError, loadPluginModule, parseRunConfig, PluginModuleError, type RunConfig } from '@fedrank/server';

/** Config files are small; a larger one is refused before it is read (a 50 MB YAML file parses into gigabytes). */
export const MAX_CONFIG_BYTES = 4 << 20;

/** Reads at most MAX_CONFIG_BYTES + 1 bytes, so a huge file or an endless device is never read whole. */
function readCapped(path: string): string {
  const fd = openSync(path, 'r');
  try {
    if (fstatSync(fd).isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    const buf = Buffer.alloc(MAX_CONFIG_BYTES + 1);
    let n = 0;
    for (let got = -1; got !== 0 && n < buf.length; n += got) got = readSync(fd, buf, n, buf.length - n, null);
    if (n > MAX_CONFIG_BYTES) throw new ConfigError(`larger than ${MAX_CONFIG_BYTES >> 20} MiB, the limit for a config file`, '', path);
    return buf.toString('utf8', 0, n);
  } finally {
    closeSync(fd);
  }
}

export function readYamlFile(path: string): unknown {
  let text: string;
  try {
    text = readCapped(path);
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new ConfigError(code === 'ENOENT' ? 'file not found' : `cannot read (${code ?? String(e)})`, '', path);
  }
  try {
    return YAML.parse(text) as unknown;
  } catch (e) {
    throw new ConfigError(yamlErrorMessage(e, text), '', path);
  }
}

/** A YAML syntax error as one line: where it is, what is wrong, and the line itself. */
function yamlErrorMessage(e: unknown, text: string): string {
  const first = (e instanceof Error ? e.message : String(e)).split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
  const pos = e instanceof YAML.YAMLError ? e.linePos?.[0] : undefined;
  if (!pos) return `not valid YAML: ${first}`;
  const line = text.split('\n')[pos.line - 1] ?? '';
  return `not valid YAML at line ${pos.line}, column ${pos.col}: ${first}: ${JSON.stringify(line.length > 80 ? line.slice(0, 80) + '…' : line)}`;
}

/** Applies `a.b.c=value` overrides; values are parsed as YAML scalars (numbers, booleans, lists). */
export function applyOverrides(raw: unknown, sets: readonly string[]): Record<string, unknown> {
  const root: Record<string, unknown> =
    raw && typeof raw === 'object' && !Array.isArray(raw) ? structuredClone(raw as Record<string, unknown>) : {};
  for (const s of sets) {
    const eq = s.indexOf('=');
    if (eq <= 0) throw new ConfigError(`expected key.path=value, got '${s}'`, '--set');
    const path = s.slice(0, eq).trim().split('.');
    if (path.some((p) => p === '')) throw new ConfigError(`expected key.path=value, got '${s}'`, '--set');
    let value: unknown;
    try {
      value = YAML.parse(s.slice(eq + 1));
    } catch {
      value = s.slice(eq + 1);
    }
    let node = root;
    for (const key of path.slice(0, -1)) {
      const next = node[key];
      if (next === undefined || next === null) node[key] = {};
      else if (typeof next !== 'object' || Array.isArray(next))
        throw new ConfigError(`cannot set a field inside a ${Array.isArray(next) ? 'list' : typeof next}`, path.join('.'));
      node = node[key] as Record<string, unknown>;
    }
    node[path[path.length - 1]] = value;
  }
  return root;
}

/** The config blocks that may name a user's plugin module. */
const PLUGIN_BLOCKS = ['data', 'aggregator', 'attack', 'model.arch'] as const;

/** The value at a dotted key path of the raw config, if every step is a mapping. */
function blockAt(raw: Record<string, unknown>, path: string): unknown {
  let v: unknown = raw;
  for (const key of path.split('.')) {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

/**
 * Imports the plugin modules `raw` names (resolved against `baseDir`) and rewrites their paths to
 * absolute ones, so that validation finds them; a missing module or one without a descriptor is a
 * ConfigError naming `<block>.module`.
 */
export async function loadConfigPlugins(raw: Record<string, unknown>, baseDir: string, file?: string): Promise<void> {
  for (const block of PLUGIN_BLOCKS) {
    const spec = blockAt(raw, block);
    if (spec === null || typeof spec !== 'object' || Array.isArray(spec) || !('module' in spec)) continue;
    const module = (spec as { module: unknown }).module;
    if (typeof module !== 'string' || module === '') {
      throw new ConfigError('expected the path of an ES module file (.mjs or .js)', `${block}.module`, file);
    }
    const path = isAbsolute(module) ? module : resolve(baseDir, module);
    try {
      await loadPluginModule(path);
    } catch (e) {
      if (e instanceof PluginModuleError) throw new ConfigError(e.message, `${block}.module`, file);
      throw e;
    }
    (spec as { module: string }).module = path;
  }
}

function readConfigMapping(path: string, sets: readonly string[]): Record<string, unknown> {
  const raw = readYamlFile(path);
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ConfigError('expected a YAML mapping of config fields at the top level', '', path);
  }
  return applyOverrides(resolveConfigPaths(raw as Record<string, unknown>, dirname(path)), sets);
}

/** A partition file path given relative with --set is made absolute against the working directory. */
function absolutePartitionPath(config: RunConfig): RunConfig {
  const partition = config.data.partition;
  return partition.kind === 'file'
    ? { ...config, data: { ...config.data, partition: { ...partition, path: resolve(partition.path) } } }
    : config;
}

/** Reads, overrides, loads the plugin modules it names and validates a run config file. */
export async function loadRunConfig(path: string, sets: readonly string[] = []): Promise<RunConfig> {
  const raw = readConfigMapping(path, sets);
  await loadConfigPlugins(raw, dirname(resolve(path)), path);
  return absolutePartitionPath(parseRunConfig(raw, path));
}

/** Imports the plugin modules a config file names (e.g. a base run's config.resolved.yaml), if it exists and is a mapping. */
export async function loadPluginsOf(path: string): Promise<void> {
  if (!existsSync(path)) return;
  await loadConfigPlugins(readConfigMapping(path, []), dirname(resolve(path)), path);
}

/** The same without importing modules: a config naming a plugin module parses only once that module is loaded (loadPluginsOf). */
export function loadRunConfigSync(path: string, sets: readonly string[] = []): RunConfig {
  return absolutePartitionPath(parseRunConfig(readConfigMapping(path, sets), path));
}

/** The raw config with a relative data.partition.path made absolute against `dir` (the directory of the file it was written in). */
export function resolveConfigPaths(raw: Record<string, unknown>, dir: string): Record<string, unknown> {
  const data = raw.data as { partition?: { path?: unknown } } | undefined;
  const path = data?.partition?.path;
  if (typeof path !== 'string' || path === '') return raw;
  return { ...raw, data: { ...data, partition: { ...data?.partition, path: resolve(dir, path) } } };
}
