/**
 * Output directories (`--out`, a run's default runs/<name>-<time>, a bench's directory): checked
 * before anything is computed, so every file-system problem is one line naming the path and what
 * is wrong with it, and created without following Node's recursive mkdir into virtual file systems
 * (under /proc it spins).
 */
import { existsSync, lstatSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { CliError } from './user-error.js';

/** Kernel file systems that hold no user files; output there is refused. */
const VIRTUAL_ROOTS = ['/proc', '/sys', '/dev'];

function describe(code: string | undefined): string {
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'read-only file system';
    case 'ENOSPC':
      return 'no space left on the device';
    case 'ENAMETOOLONG':
      return 'name too long';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    default:
      return code ?? 'unknown error';
  }
}

/**
 * Checks that `dir` is, or can become, a directory: not under a virtual file system, not an
 * existing file, not under a file, not a dangling symlink. Returns the absolute path.
 */
export function checkOutputDir(dir: string, flag: string): string {
  const abs = resolve(dir);
  for (const root of VIRTUAL_ROOTS) {
    if (abs === root || abs.startsWith(root + sep)) {
      throw new CliError(`${flag} ${dir}: cannot write output under ${root} (a kernel file system)`, flag);
    }
  }
  // From the path up to its first existing ancestor: each existing one must be a directory.
  for (let p = abs; ; p = dirname(p)) {
    let link;
    try {
      link = lstatSync(p);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') {
        if (p === dirname(p)) break;
        continue;
      }
      if (code === 'ENOTDIR') continue; // an ancestor is a file: reported when the walk reaches it
      throw new CliError(`${flag} ${dir}: cannot use ${p} (${describe(code)})`, flag);
    }
    if (link.isSymbolicLink() && !existsSync(p)) {
      throw new CliError(`${flag} ${dir}: ${p} is a dangling symlink (its target does not exist)`, flag);
    }
    let isDir = false;
    try {
      isDir = statSync(p).isDirectory();
    } catch (e) {
      throw new CliError(`${flag} ${dir}: cannot use ${p} (${describe((e as NodeJS.ErrnoException).code)})`, flag);
    }
    if (!isDir) {
      throw new CliError(
        p === abs ? `${flag} ${dir}: not a directory (an existing file)` : `${flag} ${dir}: not a directory (${p} is a file)`,
        flag,
      );
    }
    break;
  }
  return abs;
}

/** Creates `dir` (checked by checkOutputDir); a failure is one line naming it. */
export function makeOutputDir(dir: string, flag: string): void {
  checkOutputDir(dir, flag);
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw new CliError(`${flag} ${dir}: cannot create it (${describe((e as NodeJS.ErrnoException).code)})`, flag);
  }
}

/** A config `name` used as a directory name under runs/: a plain name, no path. */
export function checkRunName(name: string): string {
  if (name === '' || name === '.' || name === '..' || /[/\\\0]/.test(name)) {
    throw new CliError(`name: expected a plain name (no '/', '\\' or '..'), got '${name}'; to write elsewhere use --out DIR`, 'name');
  }
  return name;
}

/** The entries of `dir` (none when it does not exist). */
export function dirEntries(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** What a fresh run writes before its first round; removed when it fails there (run.log stays, for the details). */
const START_FILES = ['metrics.jsonl', 'config.resolved.yaml'];

export function removeFailedStart(dir: string): void {
  for (const f of START_FILES) rmSync(join(dir, f), { force: true });
}
