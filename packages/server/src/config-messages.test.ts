import { describe, expect, it } from 'vitest';
import { parseRunConfig } from './config.js';
import { keyDistance, nearestKey } from './config-messages.js';

const base = {
  data: { dataset: 'synthetic' },
  federation: { clients: 4, clientsPerRound: 2, rounds: 1 },
  model: { arch: 'mlp' },
};
const error = (raw: unknown): string => {
  try {
    parseRunConfig(raw, 'c.yaml');
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected a ConfigError');
};

describe('config messages', () => {
  it('suggests the nearest key for a misspelled one, before reporting the key it left missing', () => {
    expect(error({ ...base, federation: { clients: 4, clientsPerRoud: 2, rounds: 1 } })).toBe(
      'c.yaml: federation.clientsPerRoud: unknown key; did you mean clientsPerRound?',
    );
    expect(error({ ...base, modle: { arch: 'mlp' } })).toMatch(/^c\.yaml: modle: unknown key; did you mean model\?/);
    expect(error({ ...base, zzzzzz: 1 })).toBe('c.yaml: zzzzzz: unknown key (not a config field)');
  });

  it('says a required key is missing', () => {
    expect(error({ ...base, federation: { clients: 4, rounds: 1 } })).toBe(
      'c.yaml: federation.clientsPerRound: missing (expected a number)',
    );
    expect(error({ data: base.data, federation: base.federation })).toBe('c.yaml: model: missing (expected a mapping of fields)');
  });

  it("words type, range and choice errors in fedrank's words, with what was found", () => {
    expect(error({ ...base, seed: 'abc' })).toBe("c.yaml: seed: expected a number, got the text 'abc'");
    expect(error({ ...base, federation: { ...base.federation, rounds: 0 } })).toBe(
      'c.yaml: federation.rounds: expected a number > 0, got 0',
    );
    expect(error({ ...base, model: { arch: 'lenett' } })).toBe(
      "c.yaml: model.arch: expected one of lenet, conv2, conv4, conv6, conv8, mlp, a layer list ({layers: [...]}) or a plugin ({module: FILE}), got the text 'lenett'",
    );
    expect(error({ ...base, model: { arch: 'mlp', keep: 1.5 } })).toBe('c.yaml: model.keep: expected a fraction in (0, 1], got 1.5');
    expect(error({ ...base, model: { arch: 'mlp', hidden: [] } })).toBe(
      'c.yaml: model.hidden: expected at least 1 item, got a list (0 items)',
    );
  });

  it('lets sections with defaults be left out', () => {
    const c = parseRunConfig(base);
    expect(c.training.batchSize).toBe(8);
    expect(c.checkpoint.every).toBe(10);
  });

  it('measures typos by edits, swaps included', () => {
    expect(keyDistance('clientsPerRoud', 'clientsPerRound')).toBe(1);
    expect(keyDistance('modle', 'model')).toBe(1);
    expect(nearestKey('rouns', ['rounds', 'clients'])).toBe('rounds');
    expect(nearestKey('xyz', ['rounds', 'clients'])).toBeUndefined();
  });
});
