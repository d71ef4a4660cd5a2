/**
 * Receive: every update the server receives this round, in client-id order, as bytes on the
 * wire. Each is encoded by the configured codec and its bytes counted, then decoded and
 * validated; a payload that does not decode or an update that is not well-formed is rejected
 * and counted, never aggregated. The global model sent down is counted once per participant.
 */
import type { Rng } from '@fedrank/random';
import { type ClientUpdate, validateUpdate } from '../updates.js';
import { RoundWire } from '../wire.js';
import type { ModelContext } from './model-context.js';
import type { RunState } from './run-state.js';

export interface SentUpdate {
  clientId: number;
  update: ClientUpdate;
  /** The sender's mean local training loss, when it trained (NaN or absent otherwise). */
  trainLoss?: number;
}

export interface ReceivedUpdates {
  /** Accepted updates in client-id order. */
  accepted: ClientUpdate[];
  acceptedIds: number[];
  rejected: number;
  uploadBytes: number;
  downloadBytes: number;
  /** Mean training loss of the accepted senders that trained (NaN when none). */
  trainLoss: number;
}

/** Receive against the round's wire: built from the global model its participants received. */
export function receiveStage(
  ctx: ModelContext,
  state: RunState,
  sent: readonly SentUpdate[],
  wireRng: (clientId: number) => Rng,
): ReceivedUpdates {
  const wire = new RoundWire(ctx.wire, state.global.params, ctx.kind.update, ctx.layerSizes, ctx.slotSizes);
  return receiveOverWire(wire, sent, ctx.layerSizes, wireRng);
}

export function receiveOverWire(
  wire: RoundWire,
  sent: readonly SentUpdate[],
  layerSizes: readonly number[],
  wireRng: (clientId: number) => Rng,
): ReceivedUpdates {
  const accepted: ClientUpdate[] = [];
  const acceptedIds: number[] = [];
  let rejected = 0;
  let uploadBytes = 0;
  let lossSum = 0;
  let losses = 0;
  for (const s of sent) {
    const bytes = wire.encode(s.update, wireRng(s.clientId));
    uploadBytes += bytes.length;
    const update = wire.decode(bytes);
    if (update === null || validateUpdate(update, layerSizes) !== null) {
      rejected++;
      continue;
    }
    accepted.push(update);
    acceptedIds.push(s.clientId);
    if (s.trainLoss !== undefined && Number.isFinite(s.trainLoss)) {
      lossSum += s.trainLoss;
      losses++;
    }
  }
  return {
    accepted,
    acceptedIds,
    rejected,
    uploadBytes,
    downloadBytes: wire.download.length * sent.length,
    trainLoss: losses > 0 ? lossSum / losses : NaN,
  };
}
