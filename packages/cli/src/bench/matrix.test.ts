import { describe, expect, it } from 'vitest';
import { parseMatrix } from './matrix.js';
import { MatrixError } from './matrix-error.js';

function error(raw: unknown): MatrixError {
  try {
    parseMatrix(raw, 'm.yaml');
  } catch (e) {
    expect(e).toBeInstanceOf(MatrixError);
    return e as MatrixError;
  }
  throw new Error('expected a MatrixError');
}

describe('parseMatrix', () => {
  it('reads names and mappings as entries, set: as overrides, no groups as one product', () => {
    const m = parseMatrix({
      base: '../x.yaml',
      rounds: 5,
      set: { training: { lr: 0.2 } },
      aggregators: ['frl-vote', { kind: 'trimmed-mean', beta: 2, label: 'tm-b2' }],
      attacks: ['none', { kind: 'scaling', scale: 10 }],
      fractions: [0, 0.1],
      seeds: [1, 2],
    });
    expect(m.base).toEqual({ kind: 'file', path: '../x.yaml' });
    expect(m.rounds).toBe(5);
    expect(m.set).toEqual(['training.lr=0.2']);
    expect(m.groups).toHaveLength(1);
    const g = m.groups[0];
    expect(g.aggregators).toEqual([
      { label: 'frl-vote', kind: 'frl-vote', params: {}, field: 'aggregators[0]' },
      { label: 'tm-b2', kind: 'trimmed-mean', params: { beta: 2 }, field: 'aggregators[1]' },
    ]);
    expect(g.attacks?.[1]).toEqual({ label: 'scaling', kind: 'scaling', params: { scale: 10 }, field: 'attacks[1]' });
    expect(g.fractions).toEqual([0, 0.1]);
    expect(g.seeds).toEqual([1, 2]);
  });

  it('takes an inline base and lets groups inherit the top-level lists', () => {
    const m = parseMatrix({
      base: { seed: 3 },
      fractions: [0, 0.2],
      seeds: [1],
      groups: [
        { aggregators: ['frl-vote'], attacks: ['rank-reversal'] },
        { aggregators: ['fedavg'], attacks: ['scaling'], seeds: [4] },
      ],
    });
    expect(m.base).toEqual({ kind: 'inline', config: { seed: 3 } });
    expect(m.groups.map((g) => [g.aggregators?.[0].kind, g.attacks?.[0].kind, g.fractions, g.seeds])).toEqual([
      ['frl-vote', 'rank-reversal', [0, 0.2], [1]],
      ['fedavg', 'scaling', [0, 0.2], [4]],
    ]);
    expect(m.groups[1].attacks?.[0].field).toBe('groups[1].attacks[0]');
  });

  it('allows a seeds-only matrix', () => {
    const m = parseMatrix({ base: 'x.yaml', seeds: [1, 2, 3] });
    expect(m.groups[0].aggregators).toBeUndefined();
    expect(m.groups[0].seeds).toEqual([1, 2, 3]);
  });

  it.each([
    ['a missing base', { seeds: [1] }, 'base', /required/],
    ['an unknown key', { base: 'x.yaml', aggregator: ['fedavg'] }, 'aggregator', /unknown key/],
    ['an unknown key in a group', { base: 'x.yaml', groups: [{ seeds: [1], rounds: 3 }] }, 'groups[0].rounds', /unknown key/],
    ['an empty list', { base: 'x.yaml', aggregators: [] }, 'aggregators', /at least one entry/],
    ['an empty seeds list', { base: 'x.yaml', seeds: [] }, 'seeds', /at least one entry/],
    ['an empty groups list', { base: 'x.yaml', groups: [] }, 'groups', /at least one entry/],
    ['a fraction above 1', { base: 'x.yaml', fractions: [0, 1.5] }, 'fractions[1]', /\[0, 1\]/],
    ['a fractional seed', { base: 'x.yaml', seeds: [1.5] }, 'seeds[0]', /integer/],
    ['an entry without kind', { base: 'x.yaml', aggregators: [{ beta: 2 }] }, 'aggregators[0].kind', /expected string/],
    ['a duplicate entry', { base: 'x.yaml', aggregators: ['fedavg', 'fedavg'] }, 'aggregators[1]', /listed twice/],
    ['a duplicate fraction', { base: 'x.yaml', fractions: [0.1, 0.1] }, 'fractions', /listed twice/],
    [
      'a fraction inside an attack',
      { base: 'x.yaml', attacks: [{ kind: 'lie', fraction: 0.1 }], fractions: [0.1] },
      'attacks[0].fraction',
      /fractions list/,
    ],
    ['attacks without fractions', { base: 'x.yaml', attacks: ['lie'] }, 'fractions', /required when attacks/],
    [
      'a label naming two specs',
      {
        base: 'x.yaml',
        fractions: [0],
        groups: [{ aggregators: [{ kind: 'trimmed-mean', beta: 1 }] }, { aggregators: [{ kind: 'trimmed-mean', beta: 2 }] }],
      },
      'groups[1].aggregators[0]',
      /distinct label/,
    ],
    [
      'a label that is not a directory name',
      { base: 'x.yaml', aggregators: [{ kind: 'fedavg', label: 'a/b' }] },
      'aggregators[0].label',
      /names directories/,
    ],
    ['workers out of range', { base: 'x.yaml', workers: 100 }, 'workers', /64/],
  ])('rejects %s, naming the field', (_name, raw, field, pattern) => {
    const e = error(raw);
    expect(e.field).toBe(field);
    expect(e.exitCode).toBe(2);
    expect(e.message).toMatch(pattern);
    expect(e.message.startsWith(`m.yaml: ${field}: `)).toBe(true);
    expect(e.message).not.toContain('\n');
  });

  it('rejects a document that is not a mapping', () => {
    expect(error([1, 2]).message).toMatch(/^m\.yaml: expected a YAML mapping/);
  });
});
