/**
 * Plan: who takes part in round r and in what role, from the seeded 'sampling' and 'attack'
 * streams. Participants are the sampled clients in id order (the order the server aggregates
 * in); malicious clients are the ids below the malicious count (as in the FRL reference). What
 * a malicious participant sends depends on the attack: a label flipper trains on flipped
 * labels, a crafting attack's clients send crafted updates, the malformed attack sends bytes the
 * server must reject. A crafting attack's collusion pool (drawn among all malicious clients)
 * trains honestly to feed it, as the reference's attack pool does.
 */
import type { Rng } from '@fedrank/random';
import type { ClientRole } from '../clients/client-task.js';
import { sampleRoundClients } from '../sampling.js';

/** What a participant sends: its own training result, or an update the attack crafts for it. */
export type Sends = 'trained' | 'crafted';

export interface Participant {
  clientId: number;
  malicious: boolean;
  sends: Sends;
  /** For participants that send their training result: the role they train in. */
  role?: Exclude<ClientRole, 'colluder'>;
}

export interface RoundPlan {
  round: number;
  lr: number;
  participants: Participant[];
  /** Malicious participants this round. */
  malicious: number;
  /** The collusion pool that trains honestly for a crafting attack (sorted ids). */
  colluders: number[];
}

/** How the attack uses its clients: 'data' trains them on poisoned labels, 'craft' rewrites their updates. */
export type AttackUse = 'none' | 'data' | 'craft';

export interface PlanInput {
  round: number;
  /** 'sampling' stream of the round. */
  samplingRng: Rng;
  /** 'attack' stream of the round. */
  attackRng: Rng;
  clients: number;
  clientsPerRound: number;
  maliciousClients: number;
  redrawMaliciousMajority: boolean;
  attack: AttackUse;
  /** Crafting attacks: the size of the collusion pool. */
  poolSize: number;
  lr: number;
}

export function planRound(input: PlanInput): RoundPlan {
  const sample = sampleRoundClients(
    input.samplingRng,
    input.clients,
    input.clientsPerRound,
    input.maliciousClients,
    input.redrawMaliciousMajority,
  );
  const participants = sample.clients.map((clientId): Participant => {
    const malicious = clientId < input.maliciousClients;
    if (!malicious || input.attack === 'none') return { clientId, malicious, sends: 'trained', role: 'benign' };
    if (input.attack === 'data') return { clientId, malicious, sends: 'trained', role: 'label-flipper' };
    return { clientId, malicious, sends: 'crafted' };
  });
  const colluders =
    input.attack === 'craft' && input.poolSize > 0 && sample.malicious > 0
      ? input.attackRng
          .derive('pool')
          .sampleWithoutReplacement(input.maliciousClients, input.poolSize)
          .sort((a, b) => a - b)
      : [];
  return { round: input.round, lr: input.lr, participants, malicious: sample.malicious, colluders };
}
