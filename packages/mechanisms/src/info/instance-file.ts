/** Reads and validates an information-acquisition instance from a JSON file (instance.ts). */
import { readFileSync } from 'node:fs';
import { MechanismInputError } from '../errors.js';
import { type InfoInstance, parseInstance } from './instance.js';

export function readJsonFile(path: string, field: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new MechanismInputError(`${path}: cannot read (${(e as NodeJS.ErrnoException).code ?? String(e)})`, field);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new MechanismInputError(`${path}: not valid JSON (${(e as Error).message})`, field);
  }
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
