import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Rng } from '@fedrank/random';
import { describe, expect, it } from 'vitest';
import { AggregatorError, createAggregator, isSelectingAggregator, type WeightAggregator } from '../aggregators/index.js';
import { AttackError, createAttack, resolveThreatModel, type WeightAttack } from '../attacks/index.js';
import { loadPluginModule, PluginModuleError } from './plugin-modules.js';

const dir = mkdtempSync(join(tmpdir(), 'fedrank-user-plugins-'));
async function plugin(name: string, source: string): Promise<string> {
  const path = join(dir, name);
  writeFileSync(path, source);
  await loadPluginModule(path);
  return path;
}
const zod = `import { z } from 'zod';`;
const ctx = { f: 0, round: 0, rng: new Rng(1) };

function errorOf(fn: () => unknown): { field?: string; message: string } {
  try {
    fn();
  } catch (e) {
    if (e instanceof AggregatorError || e instanceof AttackError) return e;
    throw e;
  }
  throw new Error('expected an error');
}

describe('user plugins in the server', () => {
  it('builds a plugin rule with its parsed parameters, and checks what it returns', async () => {
    const path = await plugin(
      'rule.mjs',
      `${zod}
export default {
  kind: 'first-or-short', consumes: 'weights',
  params: z.strictObject({ short: z.boolean().default(false) }),
  create: ({ short }) => ({
    aggregate: (u) => (short ? new Float32Array(1) : Float32Array.from(u[0])),
    select: () => [0],
  }),
};`,
    );
    const rule = createAggregator({ module: path, kind: 'first-or-short' }) as WeightAggregator;
    expect(rule.name).toBe('first-or-short');
    expect(isSelectingAggregator(rule)).toBe(true);
    expect(Array.from(rule.aggregate([Float32Array.of(1, 2), Float32Array.of(3, 4)], ctx))).toEqual([1, 2]);
    const short = createAggregator({ module: path, kind: 'first-or-short', short: true }) as WeightAggregator;
    const e = errorOf(() => short.aggregate([Float32Array.of(1, 2)], ctx));
    expect(e.field).toBe('aggregator.module');
    expect(e.message).toMatch(/aggregate returned a Float32Array of 1 values, expected a Float32Array of 2 values/);
    expect(errorOf(() => createAggregator({ module: path, kind: 'first-or-short', short: 'yes' })).field).toBe('aggregator.short');
    expect(errorOf(() => createAggregator({ module: path, kind: 'krum' })).field).toBe('aggregator.kind');
  });

  it('refuses a plugin named like a built-in', async () => {
    const path = await plugin(
      'fake-krum.mjs',
      `${zod}\nexport default { kind: 'krum', consumes: 'weights', params: z.object({}), create: () => ({ aggregate: (u) => u[0] }) };`,
    );
    expect(errorOf(() => createAggregator({ module: path, kind: 'krum' })).message).toMatch(/kind 'krum' is a built-in aggregator/);
  });

  it('builds a plugin attack, applies its threat-model default and checks what it crafts', async () => {
    const path = await plugin(
      'attack.mjs',
      `${zod}
export default {
  kind: 'zeros', targets: 'weights', requiresAggregator: true,
  params: z.strictObject({ count: z.number().int().optional() }),
  create: ({ count }) => ({ craft: (c) => Array.from({ length: count ?? c.count }, () => new Float32Array(c.global.length)) }),
};`,
    );
    expect(resolveThreatModel({ module: path, kind: 'zeros', fraction: 0.1 })).toEqual({ seesBenign: false, knowsAggregator: true });
    const attack = createAttack({ module: path, kind: 'zeros', fraction: 0.1 }) as WeightAttack;
    const crafted = attack.craft({ round: 0, rng: new Rng(2), own: [], global: new Float32Array(3), count: 2, clientsInRound: 5, f: 1 });
    expect(crafted.map((u) => u.length)).toEqual([3, 3]);
    const wrong = createAttack({ module: path, kind: 'zeros', fraction: 0.1, count: 1 }) as WeightAttack;
    const e = errorOf(() =>
      wrong.craft({ round: 0, rng: new Rng(2), own: [], global: new Float32Array(3), count: 2, clientsInRound: 5, f: 1 }),
    );
    expect(e.field).toBe('attack.module');
    expect(e.message).toMatch(/expected 2 Float32Array updates of 3 values/);
    expect(errorOf(() => createAttack({ module: path, kind: 'zeros', fraction: 0.1, knowsAggregator: false })).field).toBe(
      'attack.knowsAggregator',
    );
  });

  it('names a module that is missing or exports nothing usable', async () => {
    await expect(loadPluginModule(join(dir, 'missing.mjs'))).rejects.toThrow(PluginModuleError);
    await expect(plugin('empty.mjs', 'export const x = 1;\n')).rejects.toThrow(/exports no descriptor/);
    await expect(plugin('throws.mjs', "throw new Error('boom');\n")).rejects.toThrow(/cannot import: boom/);
  });
});
