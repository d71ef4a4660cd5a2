/**
 * Finds run directories under the paths a user names: a directory holding both metrics.jsonl and
 * config.resolved.yaml is a run (its subdirectories are not searched); any other directory is
 * searched down to `maxDepth` levels (a sweep's runs sit one level down, a robustness bench's
 * cells two). Symlinks are followed once: a directory already visited (by its real path) is skipped.
 * A named path that holds no run is a warning, not an error; the caller decides what no run at all means.
 */
import { existsSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const METRICS_FILE = 'metrics.jsonl';
export const CONFIG_FILE = 'config.resolved.yaml';

export interface DiscoveredRuns {
  /** Absolute run directories, in the order found (named paths in order, entries sorted by name). */
  readonly runs: string[];
  /** One line per named path that holds no run. */
  readonly warnings: string[];
}

export function isRunDir(dir: string): boolean {
  return existsSync(join(dir, METRICS_FILE)) && existsSync(join(dir, CONFIG_FILE));
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function subdirectories(dir: string): string[] {
  try {
    return readdirSync(dir)
      .sort()
      .map((name) => join(dir, name))
      .filter(isDirectory);
  } catch {
    return [];
  }
}

export function discoverRuns(paths: readonly string[], options: { maxDepth?: number } = {}): DiscoveredRuns {
  const maxDepth = options.maxDepth ?? 3;
  const visited = new Set<string>();
  const runs: string[] = [];
  const warnings: string[] = [];

  const walk = (dir: string, depth: number): void => {
    const real = realpathSync(dir);
    if (visited.has(real)) return;
    visited.add(real);
    if (isRunDir(dir)) {
      runs.push(dir);
      return;
    }
    if (depth >= maxDepth) return;
    for (const sub of subdirectories(dir)) walk(sub, depth + 1);
  };

  for (const p of paths) {
    const dir = resolve(p);
    if (!existsSync(dir)) {
      warnings.push(`${p}: not found, skipped`);
      continue;
    }
    if (!isDirectory(dir)) {
      warnings.push(`${p}: not a directory (expected a run, sweep or bench directory), skipped`);
      continue;
    }
    if (visited.has(realpathSync(dir))) continue; // named twice, or inside a path named before
    const before = runs.length;
    walk(dir, 0);
    if (runs.length === before) {
      warnings.push(
        `${p}: no run found (a run directory holds ${METRICS_FILE} and ${CONFIG_FILE}; searched ${maxDepth} levels down), skipped`,
      );
    }
  }
  return { runs, warnings };
}
