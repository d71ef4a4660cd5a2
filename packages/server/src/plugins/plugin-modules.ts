/**
 * The user plugin modules this process has loaded, by absolute path. A config names a plugin by
 * its module path (`aggregator: { module: ./rules/x.mjs }`); `loadPluginModule` imports it once
 * (async, before the config is validated) and the synchronous config parser and factories then
 * find it here. Plugins run on the main thread only: worker threads train clients and never
 * build a rule or an attack.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface PluginModule {
  /** Absolute path of the module file. */
  readonly path: string;
  /** sha256 of the module file's bytes, hex. */
  readonly sha256: string;
  /** The module's default export: the plugin's descriptor, checked where it is used. */
  readonly descriptor: unknown;
}

/** A module that cannot be used as a plugin (missing, unreadable, throws on import, no default export). */
export class PluginModuleError extends Error {
  readonly exitCode = 2;
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(`${path}: ${message}`);
    this.name = 'PluginModuleError';
  }
}

const loaded = new Map<string, PluginModule>();

/** Imports the module at `path` (absolute) once, hashes its bytes and keeps it for `pluginModule`. */
export async function loadPluginModule(path: string): Promise<PluginModule> {
  if (!isAbsolute(path)) throw new PluginModuleError('expected an absolute path', path);
  const known = loaded.get(path);
  if (known) return known;
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new PluginModuleError(code === 'ENOENT' ? 'file not found' : `cannot read (${code ?? String(e)})`, path);
  }
  let namespace: Record<string, unknown>;
  try {
    namespace = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  } catch (e) {
    throw new PluginModuleError(`cannot import: ${(e as Error).message.split('\n')[0]}`, path);
  }
  if (namespace.default === undefined) {
    throw new PluginModuleError('exports no descriptor (expected `export default { kind, params, create, ... }`)', path);
  }
  const m: PluginModule = { path, sha256: createHash('sha256').update(bytes).digest('hex'), descriptor: namespace.default };
  loaded.set(path, m);
  return m;
}

/** The module loaded from `path`, if any. */
export function pluginModule(path: string): PluginModule | undefined {
  return loaded.get(path);
}

/** Every module loaded so far. */
export function loadedPluginModules(): PluginModule[] {
  return [...loaded.values()];
}
