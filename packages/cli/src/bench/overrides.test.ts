import YAML from 'yaml';
import { describe, expect, it } from 'vitest';
import { applyOverrides } from '../config-file.js';
import { flattenOverrides, formatOverride } from './overrides.js';

describe('overrides', () => {
  it('writes values so that --set parsing gives them back unchanged', () => {
    const values: unknown[] = [
      'frl-vote',
      'trimmed-mean',
      '1',
      'true',
      'a: b',
      'x,y',
      0.1,
      1e-6,
      100000,
      true,
      null,
      [32, 16],
      { lo: 0, hi: 1 },
    ];
    for (const v of values) {
      const s = formatOverride('a.b', v);
      expect(applyOverrides({}, [s])).toEqual({ a: { b: v } });
    }
    expect(formatOverride('aggregator.kind', 'frl-vote')).toBe('aggregator.kind=frl-vote');
    expect(formatOverride('name', '1')).toBe('name="1"');
    expect(YAML.parse(formatOverride('x', 'true').slice(2))).toBe('true');
  });

  it('walks mappings down to their leaves, dotted keys included', () => {
    expect(flattenOverrides({ training: { lr: 0.1, batchSize: 8 }, 'federation.rounds': 5, model: { hidden: [32] } })).toEqual([
      'training.lr=0.1',
      'training.batchSize=8',
      'federation.rounds=5',
      'model.hidden=[32]',
    ]);
  });
});
