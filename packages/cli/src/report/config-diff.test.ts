import { describe, expect, it } from 'vitest';
import { distinguishingKeys, flattenConfig, formatConfigValue, shortKeyNames, varyingKeys } from './config-diff.js';

describe('config diff', () => {
  it('flattens nested mappings to dotted keys and keeps arrays whole', () => {
    const flat = flattenConfig({ seed: 1, model: { arch: 'mlp', hidden: [16, 8] }, attack: { kind: 'none', range: {} } });
    expect([...flat]).toEqual([
      ['seed', 1],
      ['model.arch', 'mlp'],
      ['model.hidden', [16, 8]],
      ['attack.kind', 'none'],
      ['attack.range', {}],
    ]);
  });

  it('lists the keys whose values differ, in config order; a missing key differs; name is not a difference', () => {
    const a = flattenConfig({ name: 'a', seed: 1, training: { lr: 0.4 }, aggregator: { kind: 'frl-vote' } });
    const b = flattenConfig({ name: 'b', seed: 2, training: { lr: 0.4 }, aggregator: { kind: 'fedavg', beta: 0.1 } });
    expect(varyingKeys([a, b])).toEqual(['seed', 'aggregator.kind', 'aggregator.beta']);
    expect(varyingKeys([a, a])).toEqual([]);
  });

  it('names columns by their last part unless two keys or a table column would share it', () => {
    const names = shortKeyNames(
      ['aggregator.kind', 'attack.kind', 'attack.fraction', 'federation.rounds', 'postTraining.clients', 'federation.clients'],
      ['rounds'],
    );
    expect(Object.fromEntries(names)).toEqual({
      'aggregator.kind': 'aggregator',
      'attack.kind': 'attack',
      'attack.fraction': 'fraction',
      'federation.rounds': 'federation.rounds',
      'postTraining.clients': 'postTraining.clients',
      'federation.clients': 'federation.clients',
    });
  });

  it('keeps the fewest keys that tell the configs apart, kinds before parameters', () => {
    const configs = [
      { lr: 0.01, agg: 'fedavg', attack: 'none', fraction: 0 },
      { lr: 0.01, agg: 'fedavg', attack: 'scaling', fraction: 0.25 },
      { lr: 0.4, agg: 'frl-vote', attack: 'none', fraction: 0 },
      { lr: 0.4, agg: 'frl-vote', attack: 'rank-reversal', fraction: 0.25 },
    ].map((c) => flattenConfig({ training: { lr: c.lr }, aggregator: { kind: c.agg }, attack: { kind: c.attack, fraction: c.fraction } }));
    const keys = varyingKeys(configs);
    expect(keys).toEqual(['training.lr', 'aggregator.kind', 'attack.kind', 'attack.fraction']);
    expect(distinguishingKeys(configs, keys)).toEqual(['aggregator.kind', 'attack.kind']);
    // An lr sweep under one aggregator needs the lr.
    const sweep = [0.1, 0.2].map((lr) => flattenConfig({ training: { lr }, aggregator: { kind: 'fedavg' } }));
    expect(distinguishingKeys(sweep, varyingKeys(sweep))).toEqual(['training.lr']);
  });

  it('formats values for tables and labels', () => {
    expect([undefined, 'fedavg', 0.25, [16], true].map(formatConfigValue)).toEqual(['-', 'fedavg', '0.25', '[16]', 'true']);
  });
});
