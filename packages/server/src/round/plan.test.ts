import { describe, expect, it } from 'vitest';
import { Rng } from '@fedrank/random';
import { planRound, type AttackUse } from './plan.js';

const plan = (attack: AttackUse, poolSize = 3) => {
  const root = new Rng(7);
  return planRound({
    round: 2,
    samplingRng: root.derive('sampling', 2),
    attackRng: root.derive('attack', 2),
    clients: 20,
    clientsPerRound: 10,
    maliciousClients: attack === 'none' ? 0 : 6,
    redrawMaliciousMajority: true,
    attack,
    poolSize,
    lr: 0.1,
  });
};

describe('planRound', () => {
  it('gives every sampled client a role, in id order', () => {
    const p = plan('craft');
    const ids = p.participants.map((q) => q.clientId);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(p.malicious).toBe(p.participants.filter((q) => q.malicious).length);
    for (const q of p.participants) {
      expect(q.malicious).toBe(q.clientId < 6);
      expect(q.sends).toBe(q.malicious ? 'crafted' : 'trained');
    }
  });

  it('draws the collusion pool among all malicious clients for crafting attacks only', () => {
    const craft = plan('craft');
    if (craft.malicious > 0) {
      expect(craft.colluders).toHaveLength(3);
      for (const c of craft.colluders) expect(c).toBeLessThan(6);
    }
    expect(plan('data').colluders).toEqual([]);
    expect(plan('none').colluders).toEqual([]);
  });

  it('lets label flippers train on their poisoned labels', () => {
    const p = plan('data');
    for (const q of p.participants) expect(q.role).toBe(q.malicious ? 'label-flipper' : 'benign');
  });

  it('is a function of the seeded streams', () => {
    expect(plan('craft')).toEqual(plan('craft'));
  });
});
