import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildArchitecture } from '@fedrank/supermask';
import { architectureOf } from './architecture-block.js';
import { CheckpointError, loadModel, saveModel } from './checkpoint.js';
import { ConfigError, parseRunConfig } from './config.js';

const base = (arch: unknown, extra: Record<string, unknown> = {}) => ({
  data: { dataset: 'synthetic' },
  federation: { clients: 10, clientsPerRound: 5, rounds: 2 },
  model: { arch, ...extra },
});
const input = { height: 8, width: 8, channels: 1, numClasses: 4 };
const tiny = [{ conv: 3 }, 'relu', 'pool', 'flatten', { dense: 'classes' }];

function errorOf(raw: unknown): ConfigError {
  try {
    parseRunConfig(raw, 'x.yaml');
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

describe('model.arch', () => {
  it('takes a built-in name, and mlp its hidden sizes', () => {
    const c = parseRunConfig(base('mlp', { hidden: [12] }));
    expect(c.model.arch).toBe('mlp');
    expect(architectureOf(c.model, input).name).toBe('mlp');
    expect(architectureOf(c.model, input).layers.map((l) => l.shape)).toEqual([
      [64, 12],
      [12, 4],
    ]);
  });

  it('takes an inline layer list, named custom unless a name is given', () => {
    const c = parseRunConfig(base({ layers: tiny }));
    expect(c.model.arch).toEqual({ name: 'custom', layers: tiny });
    const a = architectureOf(c.model, input);
    expect(a.name).toBe('custom');
    expect(a.layers.map((l) => l.shape)).toEqual([
      [3, 3, 1, 3],
      [48, 4],
    ]);
    expect(architectureOf(parseRunConfig(base({ name: 'tiny', layers: tiny })).model, input).name).toBe('tiny');
  });

  it.each([
    [
      'model.arch',
      base('lenett'),
      /expected one of lenet, conv2, conv4, conv6, conv8, mlp, a layer list \(\{layers: \[\.\.\.\]\}\) or a plugin \(\{module: FILE\}\), got the text 'lenett'/,
    ],
    ['model.arch.layers[1].dense', base({ layers: ['flatten', { dense: 0 }] }), /found 0/],
    ['model.arch.layers[1]', base({ layers: [{ conv: 3 }, { dense: 'classes' }] }), /dense before flatten/],
    ['model.arch.layers', base({ name: 'tiny' }), /missing \(expected a list of layers\)/],
    ['model.arch.name', base({ name: 'Tiny Net', layers: tiny }), /lowercase letters/],
    ['model.arch.hidden', base({ layers: tiny, hidden: [3] }), /unknown key/],
    ['model.hidden', base({ layers: tiny }, { hidden: [3] }), /applies to the built-in mlp only/],
  ])('refuses a bad block, naming %s', (field, raw, message) => {
    const e = errorOf(raw);
    expect(e.field).toBe(field);
    expect(e.message).toMatch(message);
    expect(e.message.split('\n')).toHaveLength(1);
  });
});

describe('saved models carry the layer list', () => {
  const model = () => {
    const arch = parseRunConfig(base({ name: 'tiny', layers: tiny })).model;
    const a = architectureOf(arch, input);
    return {
      kind: 'supermask' as const,
      arch: a,
      weights: a.layers.map((l) => Float32Array.from({ length: l.size }, (_, i) => i / 7)),
      scores: a.layers.map((l) => Float32Array.from({ length: l.size }, (_, i) => -i)),
      keep: 0.5,
      maskRule: 'reference' as const,
    };
  };

  it('round-trips an inline network through model.json without its config', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'fedrank-arch-')), 'model');
    const m = model();
    await saveModel(dir, m);
    const manifest = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as { arch: string; network: unknown };
    expect(manifest.arch).toBe('tiny');
    expect(manifest.network).toEqual(tiny);
    const back = await loadModel(dir);
    expect(back.arch).toEqual(m.arch);
    expect(back.scores).toEqual(m.scores);
  });

  it('still reads a model saved before the layer list was recorded (a built-in name and hidden sizes)', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'fedrank-arch-')), 'model');
    const arch = buildArchitecture('mlp', input, { hidden: [5] });
    const m = {
      ...model(),
      arch,
      weights: arch.layers.map((l) => new Float32Array(l.size)),
      scores: arch.layers.map((l) => new Float32Array(l.size)),
    };
    await saveModel(dir, m);
    const file = join(dir, 'model.json');
    const { network: _dropped, ...old } = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    writeFileSync(file, JSON.stringify({ ...old, hidden: [5] }));
    expect((await loadModel(dir)).arch).toEqual(arch);
  });

  it('refuses a model.json whose network is malformed or disagrees with its layer shapes', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'fedrank-arch-')), 'model');
    await saveModel(dir, model());
    const file = join(dir, 'model.json');
    const manifest = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    writeFileSync(file, JSON.stringify({ ...manifest, network: [{ conv: -1 }, 'flatten', { dense: 'classes' }] }));
    await expect(loadModel(dir)).rejects.toThrow(CheckpointError);
    await expect(loadModel(dir)).rejects.toThrow(/model\.json: network\[0\]\.conv: expected a whole number of channels/);
    writeFileSync(file, JSON.stringify({ ...manifest, network: [{ conv: 4 }, 'relu', 'pool', 'flatten', { dense: 'classes' }] }));
    await expect(loadModel(dir)).rejects.toThrow(/layers: the listed layer shapes differ from those of the network/);
  });
});
