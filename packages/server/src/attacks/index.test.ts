import { describe, expect, it } from 'vitest';
import { Rng } from '@fedrank/random';
import {
  ATTACK_KINDS,
  AttackError,
  RANKING_ATTACK_KINDS,
  WEIGHT_ATTACK_KINDS,
  attackTargets,
  createAttack,
  resolveThreatModel,
  type AttackKind,
  type AttackSpec,
  type WeightAttack,
} from './index.js';

function fieldOf(fn: () => unknown): string | null {
  try {
    fn();
  } catch (e) {
    if (e instanceof AttackError) return e.field;
    throw e;
  }
  return null;
}

describe('attackTargets', () => {
  it('classifies every kind', () => {
    expect(RANKING_ATTACK_KINDS.map(attackTargets)).toEqual(['ranking', 'ranking', 'ranking']);
    for (const k of WEIGHT_ATTACK_KINDS) expect(attackTargets(k)).toBe('weights');
    expect(attackTargets('label-flip')).toBe('data');
    expect(attackTargets('malformed')).toBe('wire');
    expect(attackTargets('none')).toBe('none');
    expect(ATTACK_KINDS).toEqual(
      expect.arrayContaining(['none', ...RANKING_ATTACK_KINDS, ...WEIGHT_ATTACK_KINDS, 'label-flip', 'malformed']),
    );
    expect(WEIGHT_ATTACK_KINDS).toEqual(
      expect.arrayContaining(['scaling', 'sign-flip', 'gaussian', 'lie', 'ipm', 'fang', 'min-max', 'min-sum', 'agr-tailored']),
    );
    expect(fieldOf(() => attackTargets('nope' as AttackKind))).toBe('attack.kind');
  });
});

describe('createAttack', () => {
  it('builds every kind, with the name and target attackTargets announces', () => {
    for (const kind of ATTACK_KINDS) {
      const attack = createAttack({ kind, fraction: 0.1 });
      expect(attack.name).toBe(kind);
      expect(attack.targets).toBe(attackTargets(kind));
    }
  });

  it('passes parameters through (a scaled sign flip, a fixed-z LIE)', () => {
    const ctx = {
      round: 0,
      rng: new Rng(1),
      own: [Float32Array.from([1, -2])],
      benign: [Float32Array.from([0, 0]), Float32Array.from([2, 2])],
      global: new Float32Array(2),
      count: 1,
      clientsInRound: 3,
      f: 1,
    };
    const flip = createAttack({ kind: 'sign-flip', fraction: 0.2, scale: 3 }) as WeightAttack;
    expect([...flip.craft(ctx)[0]]).toEqual([-3, 6]);
    const lie = createAttack({ kind: 'lie', fraction: 0.2, z: 0.5 }) as WeightAttack;
    // mean (1, 1), std (sqrt 2, sqrt 2)
    expect(lie.craft(ctx)[0][0]).toBeCloseTo(1 - 0.5 * Math.SQRT2, 6);
    expect(createAttack({ kind: 'malformed', fraction: 0.1, malformedKind: 'nan' })).toEqual({
      name: 'malformed',
      targets: 'wire',
      malformedKind: 'nan',
    });
  });

  it('rejects bad specs naming the field', () => {
    const bad: [AttackSpec, string][] = [
      [{ kind: 'scaling', fraction: 1.5 }, 'attack.fraction'],
      [{ kind: 'scaling', fraction: Number.NaN }, 'attack.fraction'],
      [{ kind: 'scaling', fraction: 0.1, poolSize: 0 }, 'attack.poolSize'],
      [{ kind: 'scaling', fraction: 0.1, poolSize: 2.5 }, 'attack.poolSize'],
      [{ kind: 'scaling', fraction: 0.1, sigma: 1 }, 'attack.sigma'],
      [{ kind: 'rank-reversal', fraction: 0.1, scale: 2 }, 'attack.scale'],
      [{ kind: 'ipm', fraction: 0.1, epsilon: 0 }, 'attack.epsilon'],
      [{ kind: 'gaussian', fraction: 0.1, sigma: -1 }, 'attack.sigma'],
      [{ kind: 'min-max', fraction: 0.1, deviation: 'up' as 'std' }, 'attack.deviation'],
      [{ kind: 'fang', fraction: 0.1, b: 1 }, 'attack.b'],
      [{ kind: 'agr-tailored', fraction: 0.1, knowsAggregator: false }, 'attack.knowsAggregator'],
      [{ kind: 'vem', fraction: 0.1, knowledge: 'auto' }, 'attack.knowledge'],
      [{ kind: 'malformed', fraction: 0.1, malformedKind: 'zeros' as 'nan' }, 'attack.malformedKind'],
      [{ kind: 'bogus' as AttackKind, fraction: 0.1 }, 'attack.kind'],
    ];
    for (const [spec, field] of bad)
      expect(
        fieldOf(() => createAttack(spec)),
        JSON.stringify(spec),
      ).toBe(field);
  });

  it('threat model defaults: no benign view; the rule known only where it is required', () => {
    expect(resolveThreatModel({ kind: 'lie', fraction: 0.1 })).toEqual({ seesBenign: false, knowsAggregator: false });
    expect(resolveThreatModel({ kind: 'agr-tailored', fraction: 0.1 })).toEqual({ seesBenign: false, knowsAggregator: true });
    expect(resolveThreatModel({ kind: 'fang', fraction: 0.1, seesBenign: true, knowsAggregator: true })).toEqual({
      seesBenign: true,
      knowsAggregator: true,
    });
  });
});
