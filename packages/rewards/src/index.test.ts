import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as rewards from './index.js';

const here = fileURLToPath(new URL('.', import.meta.url));

function importsOf(file: string): string[] {
  const src = readFileSync(here + file, 'utf8');
  return [...src.matchAll(/^(?:import|export)[^'"]*from\s+'([^']+)'/gm)].map((m) => m[1]);
}

describe('package root', () => {
  it('never reaches tfjs through its imports', () => {
    const seen = new Set<string>();
    const todo = ['index.ts'];
    const external: string[] = [];
    while (todo.length > 0) {
      const f = todo.pop() as string;
      if (seen.has(f)) continue;
      seen.add(f);
      for (const spec of importsOf(f)) {
        if (spec.startsWith('./')) todo.push(spec.slice(2).replace(/\.js$/, '.ts'));
        else external.push(spec);
      }
    }
    expect(seen.has('tf.ts')).toBe(false);
    expect(external.filter((s) => s.includes('tensorflow'))).toEqual([]);
  });

  it('exports the plain-array API', () => {
    for (const name of [
      'majorityVote',
      'majorityRewards',
      'groupAdvantages',
      'klK3',
      'clippedSurrogate',
      'tokenMean',
      'sequenceMean',
      'grpoObjective',
      'normalizeAnswer',
      'extractBoxed',
      'selfReward',
    ]) {
      expect(typeof (rewards as Record<string, unknown>)[name]).toBe('function');
    }
  });
});
