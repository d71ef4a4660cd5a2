/**
 * Per-round client sampling: clientsPerRound distinct clients drawn uniformly without
 * replacement from the round's seeded stream. Malicious clients are the ids below
 * maliciousClients (as in the FRL reference). With `redrawMaliciousMajority`, a draw holding
 * half or more malicious clients is redrawn (the reference's rule), from the same stream.
 * The result is sorted by client id, the order in which the server aggregates.
 */
import type { Rng } from '@fedrank/random';

export interface RoundSample {
  clients: number[];
  malicious: number;
  redraws: number;
}

export function sampleRoundClients(
  rng: Rng,
  clients: number,
  perRound: number,
  maliciousClients: number,
  redrawMaliciousMajority: boolean,
): RoundSample {
  const canRedraw = redrawMaliciousMajority && maliciousClients > 0 && clients - maliciousClients > Math.floor(perRound / 2);
  for (let redraws = 0; ; redraws++) {
    const drawn = rng.sampleWithoutReplacement(clients, perRound).sort((a, b) => a - b);
    const malicious = drawn.filter((c) => c < maliciousClients).length;
    if (!canRedraw || malicious * 2 < perRound || redraws >= 10_000) return { clients: drawn, malicious, redraws };
  }
}
