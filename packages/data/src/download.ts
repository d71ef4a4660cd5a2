/**
 * Downloads with Node's fetch for `data.download: true`. Files are written to `<dest>.part` and
 * renamed when complete, so an interrupted download never leaves a half file under the real name.
 * Not exercised by the tests (no internet there).
 */
import { mkdir, rename, writeFile, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { DataError } from './errors.js';

const TIMEOUT_MS = 10 * 60 * 1000;

/** Fetches the first URL that answers 200 and returns its body. */
export async function fetchBytes(urls: readonly string[], field: string): Promise<Uint8Array> {
  const failures: string[] = [];
  for (const url of urls) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS) });
      if (!res.ok) {
        failures.push(`${url}: HTTP ${res.status}`);
        continue;
      }
      return new Uint8Array(await res.arrayBuffer());
    } catch (e) {
      failures.push(`${url}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  throw new DataError(field, `download failed, expected one of these URLs to answer: ${failures.join('; ')}`);
}

/** Writes `data` to `dest` atomically (via a `.part` file). */
export async function writeAtomic(dest: string, data: Uint8Array): Promise<void> {
  await mkdir(dirname(dest), { recursive: true });
  const part = `${dest}.part`;
  try {
    await writeFile(part, data);
    await rename(part, dest);
  } catch (e) {
    await rm(part, { force: true });
    throw new DataError(dest, `${dest}: expected a writable location (${e instanceof Error ? e.message : String(e)})`);
  }
}

/** Downloads `fileName` from the first working base URL into `dest`. */
export async function downloadFile(baseUrls: readonly string[], fileName: string, dest: string): Promise<void> {
  const data = await fetchBytes(
    baseUrls.map((u) => u + fileName),
    'data.download',
  );
  await writeAtomic(dest, data);
}
