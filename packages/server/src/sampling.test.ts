import { describe, expect, it } from 'vitest';
import { Rng } from '@fedrank/random';
import { sampleRoundClients } from './sampling.js';

describe('sampleRoundClients', () => {
  it('draws distinct sorted clients, reproducibly per seed', () => {
    const a = sampleRoundClients(new Rng(1).derive('sampling', 0), 1000, 25, 0, true);
    const b = sampleRoundClients(new Rng(1).derive('sampling', 0), 1000, 25, 0, true);
    const c = sampleRoundClients(new Rng(2).derive('sampling', 0), 1000, 25, 0, true);
    expect(a.clients).toEqual(b.clients);
    expect(a.clients).not.toEqual(c.clients);
    expect(new Set(a.clients).size).toBe(25);
    expect([...a.clients].sort((x, y) => x - y)).toEqual(a.clients);
  });

  it('redraws rounds where half or more of the sample is malicious, when asked', () => {
    // 60% of clients malicious: many plain draws have a malicious majority.
    let plainMajority = 0;
    for (let r = 0; r < 200; r++) {
      const redrawn = sampleRoundClients(new Rng(5).derive('s', r), 100, 10, 60, true);
      expect(redrawn.malicious * 2).toBeLessThan(10);
      expect(redrawn.clients.filter((c) => c < 60).length).toBe(redrawn.malicious);
      const plain = sampleRoundClients(new Rng(5).derive('s', r), 100, 10, 60, false);
      if (plain.malicious * 2 >= 10) plainMajority++;
    }
    expect(plainMajority).toBeGreaterThan(100);
  });
});
