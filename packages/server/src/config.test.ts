import { describe, expect, it } from 'vitest';
import { ConfigError, parseRunConfig } from './config.js';

const base = () => ({
  seed: 3,
  data: { dataset: 'synthetic' },
  federation: { clients: 10, clientsPerRound: 5, rounds: 2 },
  model: { arch: 'mlp' },
  training: {},
});

function errorOf(raw: unknown): ConfigError {
  try {
    parseRunConfig(raw, 'x.yaml');
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

describe('parseRunConfig', () => {
  it('geometric-median takes tolerance 0 (every iteration runs), not a negative one', () => {
    const raw = (tolerance: number) => ({ ...base(), aggregator: { kind: 'geometric-median', tolerance } });
    expect(parseRunConfig(raw(0)).aggregator.tolerance).toBe(0);
    expect(errorOf(raw(-1)).message).toMatch(/aggregator\.tolerance/);
  });

  it('fills the reference defaults', () => {
    const c = parseRunConfig(base());
    expect(c.training).toEqual({ localEpochs: 2, batchSize: 8, lr: 0.4, lrDecay: 0.999, momentum: 0.9, weightDecay: 1e-4 });
    expect(c.model.keep).toBe(0.5);
    expect(c.model.maskRule).toBe('reference');
    expect(c.data.partition).toEqual({ kind: 'dirichlet', alpha: 1.0 });
    expect(c.backend).toBe('auto');
  });

  it('names an unknown key', () => {
    const e = errorOf({ ...base(), federation: { clients: 10, clientsPerRound: 5, rounds: 2, rouns: 3 } });
    expect(e.field).toBe('federation.rouns');
    expect(e.message).toMatch(/^x\.yaml: federation\.rouns: unknown key/);
    expect(e.exitCode).toBe(2);
  });

  it('names a wrong type', () => {
    const e = errorOf({ ...base(), seed: 'one' });
    expect(e.field).toBe('seed');
    expect(e.message).toMatch(/number/);
  });

  it('rejects clientsPerRound > clients', () => {
    const e = errorOf({ ...base(), federation: { clients: 10, clientsPerRound: 11, rounds: 2 } });
    expect(e.field).toBe('federation.clientsPerRound');
    expect(e.message).toMatch(/at most federation\.clients \(10\)/);
  });

  it('rejects keep outside (0, 1]', () => {
    for (const keep of [0, -0.1, 1.5]) {
      const e = errorOf({ ...base(), model: { arch: 'mlp', keep } });
      expect(e.field).toBe('model.keep');
      expect(e.message).toMatch(/\(0, 1\]/);
    }
    expect(parseRunConfig({ ...base(), model: { arch: 'mlp', keep: 1 } }).model.keep).toBe(1);
  });

  it('rejects an unknown architecture and dataset with the allowed values', () => {
    expect(errorOf({ ...base(), model: { arch: 'resnet' } }).field).toBe('model.arch');
    expect(errorOf({ ...base(), data: { dataset: 'imagenet' } }).field).toBe('data.dataset');
  });
});
