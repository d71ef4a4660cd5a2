/**
 * Hand-computed examples for the attacks without a search: scaling, sign-flip, gaussian, lie, ipm.
 * Pool used throughout: b1 = (1, 2), b2 = (3, 2), b3 = (2, 5); mean (2, 3); unbiased std (1, sqrt 3).
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '@fedrank/random';
import { AttackError, type WeightAttackContext } from './types.js';
import { scalingAttack } from './scaling.js';
import { signFlipAttack } from './sign-flip.js';
import { gaussianAttack } from './gaussian.js';
import { lieAttack, lieZ } from './lie.js';
import { ipmAttack } from './ipm.js';

const f32 = (...v: number[]): Float32Array => Float32Array.from(v);
const pool = (): Float32Array[] => [f32(1, 2), f32(3, 2), f32(2, 5)];

function ctx(over: Partial<WeightAttackContext> = {}): WeightAttackContext {
  return {
    round: 0,
    rng: new Rng(7),
    own: [f32(1, -2), f32(0.5, 4)],
    benign: pool(),
    global: f32(1, -2),
    count: 2,
    clientsInRound: 5,
    f: 1,
    ...over,
  };
}

const rows = (xs: Float32Array[]): number[][] => xs.map((x) => [...x]);

describe('scaling', () => {
  it('reference mode: delta = 1e5 * global, one copy per malicious client', () => {
    const out = scalingAttack().craft(ctx({ count: 3 }));
    expect(rows(out)).toEqual([
      [1e5, -2e5],
      [1e5, -2e5],
      [1e5, -2e5],
    ]);
    expect(out[0]).not.toBe(out[1]);
  });

  it("model mode: the client's model is scale * global, delta = (scale - 1) * global", () => {
    expect(rows(scalingAttack({ scale: 10, mode: 'model' }).craft(ctx()))).toEqual([
      [9, -18],
      [9, -18],
    ]);
  });

  it('no malicious client, no update; bad options are AttackErrors', () => {
    expect(scalingAttack().craft(ctx({ count: 0 }))).toEqual([]);
    expect(() => scalingAttack({ scale: Number.NaN })).toThrow(AttackError);
  });
});

describe('sign-flip', () => {
  it("'own' (default): each client sends its own honest update negated", () => {
    expect(rows(signFlipAttack().craft(ctx({ count: 3 })))).toEqual([
      [-1, 2],
      [-0.5, -4],
      [-1, 2],
    ]);
  });

  it("'mean': -scale * benign mean, or the own mean when benign updates are withheld", () => {
    expect(rows(signFlipAttack({ source: 'mean', scale: 2 }).craft(ctx()))).toEqual([
      [-4, -6],
      [-4, -6],
    ]);
    expect(rows(signFlipAttack({ source: 'mean' }).craft(ctx({ benign: undefined, count: 1 })))).toEqual([[-0.75, -1]]);
  });
});

describe('gaussian', () => {
  it("'noise': sigma * N(0, 1) draws from ctx.rng, client by client", () => {
    const out = gaussianAttack({ sigma: 0.5 }).craft(ctx({ rng: new Rng(3) }));
    const r = new Rng(3);
    const expected = [0, 1].map(() => [0, 1].map(() => Math.fround(0.5 * r.normal())));
    expect(rows(out)).toEqual(expected);
  });

  it("'mean-plus-noise' with sigma 0 is the pool mean", () => {
    expect(rows(gaussianAttack({ sigma: 0, mode: 'mean-plus-noise' }).craft(ctx()))).toEqual([
      [2, 3],
      [2, 3],
    ]);
  });

  it('noise statistics over many coordinates', () => {
    const big = new Float32Array(20000);
    const [x] = gaussianAttack({ sigma: 2 }).craft(ctx({ own: [big], benign: undefined, global: big, count: 1 }));
    let s = 0;
    let s2 = 0;
    for (const v of x) {
      s += v;
      s2 += v * v;
    }
    expect(Math.abs(s / x.length)).toBeLessThan(0.05);
    expect(Math.sqrt(s2 / x.length)).toBeCloseTo(2, 1);
  });
});

describe('lie', () => {
  it('z from the paper: s = floor(n/2 + 1) - m, z = Phi^-1((n - s)/n)', () => {
    expect(lieZ(25, 5)).toBeCloseTo(0.4676987991145084, 7); // s = 8, (25 - 8)/25 = 0.68
    expect(lieZ(10, 2)).toBeCloseTo(0.2533471031357997, 7); // s = 4, 0.6
    expect(lieZ(50, 12)).toBeCloseTo(0.5828415072712162, 7); // s = 14, 0.72
    expect(lieZ(2, 1)).toBe(0); // s = 1, 0.5
    expect(lieZ(1, 1)).toBe(0); // clamped
  });

  it('mean - z * std with a given z', () => {
    const out = lieAttack({ z: 1 }).craft(ctx());
    expect(out).toHaveLength(2);
    expect(out[0][0]).toBeCloseTo(1, 6);
    expect(out[0][1]).toBeCloseTo(3 - Math.sqrt(3), 6);
  });

  it('default z from n = clientsInRound and m = count', () => {
    const out = lieAttack().craft(ctx({ clientsInRound: 25, count: 5 }));
    const z = 0.4676987991145084;
    expect(out[0][0]).toBeCloseTo(2 - z, 6);
    expect(out[0][1]).toBeCloseTo(3 - z * Math.sqrt(3), 6);
  });

  it("uses the own updates' statistics when benign updates are withheld", () => {
    // own: (1, -2), (0.5, 4): mean (0.75, 1), std (0.5/sqrt 2, 6/sqrt 2)
    const out = lieAttack({ z: 2 }).craft(ctx({ benign: undefined }));
    expect(out[0][0]).toBeCloseTo(0.75 - Math.SQRT2 * 0.5, 6);
    expect(out[0][1]).toBeCloseTo(1 - Math.SQRT2 * 6, 5);
  });
});

describe('ipm', () => {
  it('-epsilon * benign mean (default epsilon 0.1)', () => {
    const out = ipmAttack().craft(ctx());
    expect(out[0][0]).toBeCloseTo(-0.2, 6);
    expect(out[0][1]).toBeCloseTo(-0.3, 6);
    expect(rows(ipmAttack({ epsilon: 0.5 }).craft(ctx()))).toEqual([
      [-1, -1.5],
      [-1, -1.5],
    ]);
  });

  it('needs some update to take the mean of', () => {
    expect(() => ipmAttack().craft(ctx({ benign: undefined, own: [] }))).toThrow(AttackError);
    expect(() => ipmAttack({ epsilon: -1 })).toThrow(/attack.epsilon/);
  });
});
