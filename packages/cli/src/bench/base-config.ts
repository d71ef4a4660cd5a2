/**
 * The base run config of a matrix or sweep file: a path relative to that file, or an inline
 * mapping. Returned as parsed YAML (not validated: runs add their overrides first).
 */
import { dirname, resolve } from 'node:path';
import { readYamlFile, resolveConfigPaths } from '../config-file.js';
import { isUserFacingError } from '../user-error.js';
import { MatrixError } from './matrix-error.js';

export type BaseSpec =
  { readonly kind: 'file'; readonly path: string } | { readonly kind: 'inline'; readonly config: Readonly<Record<string, unknown>> };

export interface LoadedBase {
  readonly config: Readonly<Record<string, unknown>>;
  /** The base config file, absolute; undefined for an inline base. */
  readonly file?: string;
}

/** `ownerFile` is the matrix or sweep file as the user named it (for messages and relative paths). */
export function loadBaseConfig(base: BaseSpec, ownerFile: string): LoadedBase {
  // An inline base is written beside the results; its file paths stay relative to the owner file.
  if (base.kind === 'inline') return { config: resolveConfigPaths(base.config, dirname(resolve(ownerFile))) };
  const file = resolve(dirname(resolve(ownerFile)), base.path);
  let raw: unknown;
  try {
    raw = readYamlFile(file);
  } catch (e) {
    if (isUserFacingError(e)) throw new MatrixError(e.message, 'base', ownerFile);
    throw e;
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new MatrixError(`${file}: expected a YAML mapping of config fields`, 'base', ownerFile);
  }
  return { config: raw as Record<string, unknown>, file };
}

/** Reads a matrix or sweep file's YAML; a missing or broken file is a MatrixError naming it. */
export function readSpecYaml(path: string): unknown {
  try {
    return readYamlFile(path);
  } catch (e) {
    if (isUserFacingError(e))
      throw new MatrixError(e.message.startsWith(`${path}: `) ? e.message.slice(path.length + 2) : e.message, '', path);
    throw e;
  }
}
