/**
 * Optional dependencies: packages that may be absent (the tfjs-node packages, whose install
 * downloads libtensorflow; the WebGPU backend and Dawn). They are imported dynamically, and their
 * absence becomes a BackendUnavailable that backend selection reports or moves past.
 */
import { createRequire } from 'node:module';
import { BackendUnavailable } from './errors.js';

/** Imports a package that may not be installed; its absence becomes a BackendUnavailable. */
export async function importOptional<T = unknown>(packageName: string): Promise<T> {
  try {
    return (await import(packageName)) as T;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
      throw new BackendUnavailable(`${packageName} is not installed`);
    }
    throw new BackendUnavailable(`${packageName} failed to load: ${firstLine(error)}`);
  }
}

/** The installed version of a package (from its package.json), or '?'. */
export function installedVersion(packageName: string): string {
  try {
    const json = createRequire(import.meta.url)(`${packageName}/package.json`) as { version?: unknown };
    return typeof json.version === 'string' ? json.version : '?';
  } catch {
    return '?';
  }
}

/** The first line of an error's message, at most 200 characters. */
export function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const line = text.split('\n', 1)[0].trim();
  return line.length > 200 ? `${line.slice(0, 197)}...` : line;
}
