import { describe, expect, it } from 'vitest';
import { RewardsError } from './errors.js';
import { grpoObjective } from './grpo.js';

// Three sequences (ragged), hand-computed token by token (low 0.2, high 0.3, dual 3):
//  seq 0, A = +1: r = e^0.2 = 1.22140 (in range) -> loss -1.22140;  r = 1 -> loss -1
//                 k3: d = 0 -> 0;  d = -0.2 -> e^-0.2 + 0.2 - 1 = 0.0187308
//  seq 1, A = -1: r = e^-1.7 = 0.18268 -> clipped to 0.8 -> loss 0.8
//                 k3: d = -0.5 -> e^-0.5 - 0.5 = 0.1065307
//  seq 2, A = -1: r = e^1.9 = 6.68589 -> dual clip -> objective -3, loss 3;  k3 0
const input = {
  logProbs: [[-1, -0.5], [-2], [-0.1]],
  oldLogProbs: [[-1.2, -0.5], [-0.3], [-2]],
  refLogProbs: [[-1, -0.7], [-2.5], [-0.1]],
  advantages: [1, -1, -1],
};

describe('grpoObjective', () => {
  it('token-mean: negated clipped surrogate + klCoef * k3', () => {
    const t = grpoObjective(input, { low: 0.2, high: 0.3, dual: 3, klCoef: 0.01 });
    expect(t.policyLoss).toBeCloseTo((-Math.exp(0.2) - 1 + 0.8 + 3) / 4, 12); // 0.394649
    expect(t.policyLoss).toBeCloseTo(0.394649, 6);
    expect(t.klLoss).toBeCloseTo((Math.exp(-0.2) + 0.2 - 1 + Math.exp(-0.5) - 0.5) / 4, 12); // 0.0313154
    expect(t.loss).toBeCloseTo(0.394962, 6);
    expect(t.objective).toBe(-t.loss);
    expect(t.clipFracHigh).toBe(0.25); // seq 1's token
    expect(t.clipFracLow).toBe(0.25); // seq 2's token
  });

  it('sequence-mean averages per sequence first', () => {
    const t = grpoObjective(input, { aggregation: 'seq' });
    expect(t.policyLoss).toBeCloseTo(((-Math.exp(0.2) - 1) / 2 + 0.8 + 3) / 3, 12); // 0.896433
    expect(t.klLoss).toBeCloseTo(0.038632, 6);
    expect(t.loss).toBeCloseTo(0.896819, 6);
  });

  it('defaults to the MM-UPT constants (0.2, 0.3, 3, klCoef 0.01)', () => {
    expect(grpoObjective(input).loss).toBeCloseTo(0.394962, 6);
  });

  it('accepts per-token advantages and a mask', () => {
    const t = grpoObjective({
      ...input,
      advantages: [[1, 1], [-1], [-1]],
      mask: [[1, 0], [1], [0]],
    });
    expect(t.policyLoss).toBeCloseTo((-Math.exp(0.2) + 0.8) / 2, 12);
    expect(t.klLoss).toBeCloseTo((0 + Math.exp(-0.5) - 0.5) / 2, 12);
  });

  it('is on-policy without old log-probs and has no KL term without reference ones', () => {
    const t = grpoObjective({ logProbs: [[-1, -2], [-3]], advantages: [2, -1] }, { klCoef: 0.5 });
    expect(t.policyLoss).toBeCloseTo((-2 - 2 + 1) / 3, 12); // r = 1 everywhere: -A per token
    expect(t.klLoss).toBe(0);
    expect(t.loss).toBe(t.policyLoss);
  });

  it('rejects mismatched shapes and bad options', () => {
    expect(() => grpoObjective({ ...input, advantages: [1, 1] })).toThrow(RewardsError);
    expect(() => grpoObjective({ ...input, oldLogProbs: [[-1], [-1], [-1]] })).toThrow(/oldLogProbs/);
    expect(() => grpoObjective({ ...input, advantages: [[1], [1], [1]] })).toThrow(/advantages\[0\]/);
    expect(() => grpoObjective(input, { klCoef: -1 })).toThrow(/klCoef/);
  });
});
