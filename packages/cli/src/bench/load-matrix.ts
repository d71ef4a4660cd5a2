/**
 * Reads a matrix file and its base run config (a path relative to the matrix file, or inline).
 */
import { resolve } from 'node:path';

import { loadBaseConfig, readSpecYaml } from './base-config.js';

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
  const raw = readSpecYaml(path);
  const matrix = parseMatrix(raw, path);
  const base = loadBaseConfig(matrix.base, path);
  return { file, matrix, base: base.config, baseFile: base.file };
}
