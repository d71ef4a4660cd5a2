/**
 * Reads a matrix file and its base run config (a path relative to the matrix file, or inline).
 */
import { dirname, resolve } from 'node:path';
import { readYamlFile, resolveConfigPaths } from '../config-file.js';
import { isUserFacingError } from '../user-error.js';
import { MatrixError } from './matrix-error.js';
import { parseMatrix, type BenchMatrix } from './matrix.js';

export interface LoadedMatrix {
  readonly file: string;
  readonly matrix: BenchMatrix;
  /** The base run config as parsed from YAML (not validated: cells add their overrides first). */
  readonly base: Readonly<Record<string, unknown>>;
  /** The base config file, absolute; undefined for an inline base. */
  readonly baseFile?: string;
}

export function loadMatrix(path: string): LoadedMatrix {
  const file = resolve(path);
  let raw: unknown;
  try {
    raw = readYamlFile(path);
  } catch (e) {
    if (isUserFacingError(e))
      throw new MatrixError(e.message.startsWith(`${path}: `) ? e.message.slice(path.length + 2) : e.message, '', path);
    throw e;
  }
  const matrix = parseMatrix(raw, path);
  // An inline base is written beside the results; its file paths stay relative to the matrix file.
  if (matrix.base.kind === 'inline') return { file, matrix, base: resolveConfigPaths(matrix.base.config, dirname(file)) };
  const baseFile = resolve(dirname(file), matrix.base.path);
  let base: unknown;
  try {
    base = readYamlFile(baseFile);
  } catch (e) {
    if (isUserFacingError(e)) throw new MatrixError(e.message, 'base', path);
    throw e;
  }
  if (base === null || typeof base !== 'object' || Array.isArray(base)) {
    throw new MatrixError(`${baseFile}: expected a YAML mapping of config fields`, 'base', path);
  }
  return { file, matrix, base: base as Record<string, unknown>, baseFile };
}
