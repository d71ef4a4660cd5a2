/** File-system probes used by the loaders to find a dataset's directory and files. */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';

export async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

export async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** The first of `names` that is a file inside `dir`, as a full path, or undefined. */
export async function firstExisting(dir: string, names: readonly string[]): Promise<string | undefined> {
  for (const name of names) {
    const p = join(dir, name);
    if (await isFile(p)) return p;
  }
  return undefined;
}
