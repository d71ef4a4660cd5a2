/**
 * Receive: every update the server receives this round, as bytes on the wire. Each is encoded by
 * the configured codec and its bytes counted, then decoded and validated; a payload that does not
 * decode or an update that is not well-formed is rejected and counted, never aggregated. The
 * global model sent down is counted once per participant.
 *
 * Uploads are received as they arrive, in any order (`UploadReceiver`), and each accepted update
 * goes straight to a sink (the round's aggregation). A sink whose result depends on the order gets
 * the updates in client-id order: an update that arrives before its predecessors waits until they
 * are in, so the result is the same whatever the arrival order.
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

/** Where accepted updates go. */
export interface UpdateSink {
  /** Accepts updates in any order; otherwise it is given them in client-id order. */
  readonly orderFree: boolean;
  add(update: ClientUpdate): void;
}

export interface ReceivedUpdates {
  /** Ids of the accepted senders, in client-id order. */
  acceptedIds: number[];
  rejected: number;
  uploadBytes: number;
  downloadBytes: number;
  /** Mean training loss of the accepted senders that trained, summed in client-id order (NaN when none). */
  trainLoss: number;
}

/** The round's wire: built from the global model its participants received. */
export function roundWire(ctx: ModelContext, state: RunState): RoundWire {
  return new RoundWire(ctx.wire, state.global.params, ctx.kind.update, ctx.layerSizes, ctx.slotSizes);
}

/** Receives one round's uploads, one at a time, in any order; each participant sends exactly once. */
export class UploadReceiver {
  private readonly slotOf = new Map<number, number>();
  private readonly arrived: Uint8Array;
  private readonly accepted: Uint8Array;
  /** Accepted senders' training losses by slot (NaN: none). */
  private readonly losses: Float64Array;
  /** Decoded updates (null: rejected) waiting for their predecessors, by slot; only for an ordered sink. */
  private readonly waiting = new Map<number, ClientUpdate | null>();
  private nextSlot = 0;
  private rejected = 0;
  private uploadBytes = 0;

  constructor(
    private readonly wire: RoundWire,
    private readonly layerSizes: readonly number[],
    private readonly wireRng: (clientId: number) => Rng,
    /** The participants' ids in the order an ordered sink is fed in (client-id order). */
    private readonly order: readonly number[],
    private readonly sink: UpdateSink,
  ) {
    order.forEach((clientId, slot) => this.slotOf.set(clientId, slot));
    this.arrived = new Uint8Array(order.length);
    this.accepted = new Uint8Array(order.length);
    this.losses = new Float64Array(order.length).fill(NaN);
  }

  /** Updates received so far waiting for an earlier client's (an ordered sink's backlog). */
  get backlog(): number {
    return this.waiting.size;
  }

  receive(sent: SentUpdate): void {
    const slot = this.slotOf.get(sent.clientId);
    if (slot === undefined) throw new Error(`client ${sent.clientId} is not a participant of this round`);
    if (this.arrived[slot]) throw new Error(`client ${sent.clientId} sent twice this round`);
    this.arrived[slot] = 1;
    const bytes = this.wire.encode(sent.update, this.wireRng(sent.clientId));
    this.uploadBytes += bytes.length;
    const decoded = this.wire.decode(bytes);
    // A decoded ranking is already checked: the ranking codecs decode nothing but permutations of
    // the expected layer sizes (RoundWire.decode), so only weights are validated here.
    const wellFormed = decoded !== null && (decoded.kind === 'ranking' || validateUpdate(decoded, this.layerSizes) === null);
    const update = wellFormed ? decoded : null;
    if (update === null) {
      this.rejected++;
    } else {
      this.accepted[slot] = 1;
      if (sent.trainLoss !== undefined && Number.isFinite(sent.trainLoss)) this.losses[slot] = sent.trainLoss;
    }
    if (this.sink.orderFree) {
      if (update !== null) this.sink.add(update);
    } else {
      this.waiting.set(slot, update);
    }
    this.drain();
  }

  private drain(): void {
    while (this.nextSlot < this.order.length && this.arrived[this.nextSlot]) {
      if (!this.sink.orderFree) {
        const update = this.waiting.get(this.nextSlot);
        this.waiting.delete(this.nextSlot);
        if (update) this.sink.add(update);
      }
      this.nextSlot++;
    }
  }

  /** The round's receipt, once every participant's upload is in. */
  finish(): ReceivedUpdates {
    if (this.nextSlot < this.order.length) throw new Error(`no upload from client ${this.order[this.nextSlot]} this round`);
    const acceptedIds: number[] = [];
    let lossSum = 0;
    let losses = 0;
    for (let slot = 0; slot < this.order.length; slot++) {
      if (!this.accepted[slot]) continue;
      acceptedIds.push(this.order[slot]);
      if (!Number.isNaN(this.losses[slot])) {
        lossSum += this.losses[slot];
        losses++;
      }
    }
    return {
      acceptedIds,
      rejected: this.rejected,
      uploadBytes: this.uploadBytes,
      downloadBytes: this.wire.download.length * this.order.length,
      trainLoss: losses > 0 ? lossSum / losses : NaN,
    };
  }
}

/** Receives all of a round's uploads at once; the accepted updates in the order sent. */
export function receiveStage(
  ctx: ModelContext,
  state: RunState,
  sent: readonly SentUpdate[],
  wireRng: (clientId: number) => Rng,
): ReceivedUpdates & { accepted: ClientUpdate[] } {
  return receiveAll(roundWire(ctx, state), ctx.layerSizes, sent, wireRng);
}

/** Receives `sent` over `wire`, in that order; the accepted updates in the order sent. */
export function receiveAll(
  wire: RoundWire,
  layerSizes: readonly number[],
  sent: readonly SentUpdate[],
  wireRng: (clientId: number) => Rng,
): ReceivedUpdates & { accepted: ClientUpdate[] } {
  const accepted: ClientUpdate[] = [];
  const order = sent.map((s) => s.clientId);
  const receiver = new UploadReceiver(wire, layerSizes, wireRng, order, { orderFree: false, add: (u) => accepted.push(u) });
  for (const s of sent) receiver.receive(s);
  return { ...receiver.finish(), accepted };
}
