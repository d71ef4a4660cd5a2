import { describe, expect, it } from 'vitest';
import { Rng } from '@fedrank/random';
import type { ClientUpdate } from '../updates.js';
import { RoundWire } from '../wire.js';
import { UploadReceiver, type UpdateSink } from './receive.js';

const DIM = 4;
const wire = () =>
  new RoundWire({ rankingCodec: 'bitpacked', weightsCodec: 'float32', signs: false }, [new Float32Array(DIM)], 'weights', [DIM], [DIM]);
const weights = (x: number): ClientUpdate => ({ kind: 'weights', layers: [new Float32Array(DIM).fill(x)] });
const wireRng = (c: number) => new Rng(9).derive('wire', c);

function recorder(orderFree: boolean): UpdateSink & { got: number[] } {
  const got: number[] = [];
  return { orderFree, got, add: (u) => got.push((u.layers[0] as Float32Array)[0]) };
}

describe('UploadReceiver', () => {
  it('feeds an ordered sink in client-id order, holding an early arrival until its predecessors are in', () => {
    const sink = recorder(false);
    const r = new UploadReceiver(wire(), [DIM], wireRng, [3, 5, 8], sink);
    r.receive({ clientId: 8, update: weights(8) });
    r.receive({ clientId: 5, update: weights(5) });
    expect(sink.got).toEqual([]);
    expect(r.backlog).toBe(2);
    r.receive({ clientId: 3, update: weights(3) });
    expect(sink.got).toEqual([3, 5, 8]);
    expect(r.backlog).toBe(0);
  });

  it('feeds an order-free sink on arrival', () => {
    const sink = recorder(true);
    const r = new UploadReceiver(wire(), [DIM], wireRng, [3, 5, 8], sink);
    r.receive({ clientId: 8, update: weights(8) });
    expect(sink.got).toEqual([8]);
    expect(r.backlog).toBe(0);
  });

  it('rejects and counts a malformed upload in its slot without blocking the ones after it', () => {
    const sink = recorder(false);
    const r = new UploadReceiver(wire(), [DIM], wireRng, [1, 2, 4], sink);
    const bad = weights(2);
    (bad.layers[0] as Float32Array)[1] = NaN;
    r.receive({ clientId: 4, update: weights(4), trainLoss: 3 });
    r.receive({ clientId: 2, update: bad, trainLoss: 100 });
    r.receive({ clientId: 1, update: weights(1), trainLoss: 1 });
    expect(sink.got).toEqual([1, 4]);
    const receipt = r.finish();
    expect(receipt.rejected).toBe(1);
    expect(receipt.acceptedIds).toEqual([1, 4]);
    expect(receipt.trainLoss).toBe(2);
    expect(receipt.uploadBytes).toBeGreaterThan(0);
    expect(receipt.downloadBytes).toBe(3 * wire().download.length);
  });

  it('refuses an upload from a non-participant, a second upload, and a receipt with an upload missing', () => {
    const r = new UploadReceiver(wire(), [DIM], wireRng, [1, 2], recorder(false));
    expect(() => r.receive({ clientId: 7, update: weights(7) })).toThrow(/client 7 is not a participant/);
    r.receive({ clientId: 2, update: weights(2) });
    expect(() => r.receive({ clientId: 2, update: weights(2) })).toThrow(/client 2 sent twice/);
    expect(() => r.finish()).toThrow(/no upload from client 1/);
  });
});
