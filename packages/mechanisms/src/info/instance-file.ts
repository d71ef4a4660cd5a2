/**
 * Reads and validates an information-acquisition instance from a JSON file (instance.ts). Files
 * over MAX_JSON_BYTES are refused before they are read whole; duplicate keys are refused (JSON.parse
 * keeps the last one silently; the yaml package's parser, JSON being YAML, reports them).
 */
import { closeSync, openSync, readSync } from 'node:fs';
import YAML from 'yaml';
import { MechanismInputError } from '../errors.js';
import { type InfoInstance, parseInstance } from './instance.js';

export const MAX_JSON_BYTES = 16 << 20;

/** At most MAX_JSON_BYTES + 1 bytes of the file, so a huge file or an endless device is never read whole. */
function readCapped(path: string, field: string): string {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    throw new MechanismInputError(`${path}: cannot read (${(e as NodeJS.ErrnoException).code ?? String(e)})`, field);
  }
  try {
    const buf = Buffer.alloc(MAX_JSON_BYTES + 1);
    let n = 0;
    for (let got = -1; got !== 0 && n < buf.length; n += got) got = readSync(fd, buf, n, buf.length - n, null);
    if (n > MAX_JSON_BYTES)
      throw new MechanismInputError(`${path}: larger than ${MAX_JSON_BYTES >> 20} MiB, the limit for a JSON file`, field);
    return buf.toString('utf8', 0, n);
  } catch (e) {
    if (e instanceof MechanismInputError) throw e;
    throw new MechanismInputError(`${path}: cannot read (${(e as NodeJS.ErrnoException).code ?? String(e)})`, field);
  } finally {
    closeSync(fd);
  }
}

/** The first key that appears twice in one object of `text` (valid JSON), with its line, or undefined. */
function duplicateKey(text: string): string | undefined {
  const doc = YAML.parseDocument(text, { uniqueKeys: true, prettyErrors: false });
  const dup = doc.errors.find((e) => e.code === 'DUPLICATE_KEY');
  if (!dup) return undefined;
  const before = text.slice(0, dup.pos[0]);
  const key = /^\s*("(?:[^"\\]|\\.)*")/.exec(text.slice(dup.pos[0]))?.[1] ?? 'a key';
  return `${key} (line ${before.split('\n').length})`;
}

export function readJsonFile(path: string, field: string): unknown {
  const text = readCapped(path, field);
  let json: unknown;
  try {
    json = JSON.parse(text) as unknown;
  } catch (e) {
    throw new MechanismInputError(`${path}: not valid JSON (${(e as Error).message})`, field);
  }
  const dup = duplicateKey(text);
  if (dup) throw new MechanismInputError(`${path}: key ${dup} appears twice in one object; JSON would keep only the last`, field);
  return json;
}

export function readInstanceFile(path: string): InfoInstance {
  const json = readJsonFile(path, 'instance');
  try {
    return parseInstance(json);
  } catch (e) {
    if (e instanceof MechanismInputError) throw new MechanismInputError(`${path}: ${e.message}`, e.field);
    throw e;
  }
}
