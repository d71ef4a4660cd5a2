/**
 * A run's identity in a sweep: the first 12 hex digits of its config hash (run-checkpoint.ts:
 * SHA-256 of the resolved config as canonical JSON, without the keys that do not change the
 * run's numbers: name, workers, checkpoint). Equal configs give equal hashes whatever the key
 * order of the files they came from, and a run's directory name matches its checkpoint's stamp.
 */
import type { RunConfig } from '@fedrank/server';
import { configHash } from '../run-checkpoint.js';

export const HASH_LENGTH = 12;

export function runHash(config: RunConfig): string {
  return configHash(config).slice(0, HASH_LENGTH);
}
