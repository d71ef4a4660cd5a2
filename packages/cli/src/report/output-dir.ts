/**
 * The report's output directory never loses a user's file: it must be new, empty, or hold only
 * files an earlier report wrote there (listed in its manifest, fedrank-report.json). Writing a
 * report replaces those files and removes the ones the new report no longer has.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CliError } from '../user-error.js';

export const MANIFEST_FILE = 'fedrank-report.json';

interface Manifest {
  readonly files: readonly string[];
}

function previousFiles(dir: string): string[] {
  try {
    const m = JSON.parse(readFileSync(join(dir, MANIFEST_FILE), 'utf8')) as Partial<Manifest>;
    return Array.isArray(m.files) ? m.files.filter((f): f is string => typeof f === 'string') : [];
  } catch {
    return [];
  }
}

/** Throws (exit 2) unless `dir` can take a report; returns the files an earlier report left there. */
export function checkOutputDir(dir: string): string[] {
  if (!existsSync(dir)) return [];
  if (!statSync(dir).isDirectory()) throw new CliError(`${dir}: exists and is not a directory; choose another --out`, '--out');
  const ours = new Set([MANIFEST_FILE, ...previousFiles(dir)]);
  const foreign = readdirSync(dir).filter((f) => !ours.has(f));
  if (foreign.length > 0) {
    throw new CliError(
      `${dir}: holds files fedrank report did not write (${foreign.slice(0, 3).join(', ')}${foreign.length > 3 ? ', ...' : ''}); choose a new or empty --out directory`,
      '--out',
    );
  }
  return [...ours].filter((f) => f !== MANIFEST_FILE);
}

/** Writes the files (name -> content), removes the earlier report's leftovers, then the manifest. */
export function writeReportFiles(dir: string, files: ReadonlyMap<string, string | Buffer>): string[] {
  const previous = checkOutputDir(dir);
  mkdirSync(dir, { recursive: true });
  const manifest = (files: readonly string[]): void =>
    writeFileSync(join(dir, MANIFEST_FILE), JSON.stringify({ files } satisfies Manifest, null, 2) + '\n');
  // Listed before they are written, so a report that fails halfway can still be rewritten.
  manifest([...new Set([...previous, ...files.keys()])]);
  for (const [name, content] of files) writeFileSync(join(dir, name), content);
  for (const old of previous) if (!files.has(old)) rmSync(join(dir, old), { force: true });
  const names = [...files.keys()];
  manifest(names);
  return names.map((n) => join(dir, n));
}
