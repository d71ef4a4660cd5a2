/**
 * Test support: a run's metrics.jsonl without its wall-clock fields, to compare runs number for number.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const isTime = (key: string): boolean => key === 'seconds' || key.endsWith('Seconds');

export function metricsWithoutTimes(dir: string): Record<string, unknown>[] {
  return readFileSync(join(dir, 'metrics.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => Object.fromEntries(Object.entries(JSON.parse(l) as Record<string, unknown>).filter(([k]) => !isTime(k))));
}
