/**
 * Streaming == batch: each reducible rule, fed the round's uploads one by one through the receiver
 * in shuffled arrival orders (malformed ones among them), gives bit for bit the next global model
 * the rule gives on all accepted updates at once in client-id order, and the same receipt.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '@fedrank/random';
import { createAggregator, type AggregationContext, type Aggregator } from '../aggregators/index.js';
import { denseKind, supermaskKind, type ModelConstants, type ModelKind } from '../model-kinds/index.js';
import type { ClientUpdate } from '../updates.js';
import { RoundWire } from '../wire.js';
import { receiveAll, UploadReceiver, type SentUpdate } from './receive.js';

const RANKING_LAYERS = [40, 7, 25];
const DIM = 300;

interface Case {
  rule: 'frl-vote' | 'fedavg' | 'signsgd-mv';
  kind: ModelKind;
  layerSizes: number[];
  signs: boolean;
  serverLr: number;
}

const CASES: Case[] = [
  { rule: 'frl-vote', kind: supermaskKind, layerSizes: RANKING_LAYERS, signs: false, serverLr: 1 },
  { rule: 'fedavg', kind: denseKind, layerSizes: [DIM], signs: false, serverLr: 1 },
  { rule: 'signsgd-mv', kind: denseKind, layerSizes: [DIM], signs: true, serverLr: 0.01 },
];

/**
 * Weights of magnitudes 1e-8 to 1e8, some exact zeros and some +-1e20 (which cancel exactly,
 * so a float sum shows what it lost before they did: the sum depends on the order).
 */
function randomWeights(rng: Rng, dim: number): Float32Array {
  return Float32Array.from({ length: dim }, () => {
    const r = rng.float();
    if (r < 0.1) return 0;
    if (r < 0.3) return r < 0.2 ? 1e20 : -1e20;
    return rng.normal() * 10 ** Math.floor(rng.float() * 16 - 8);
  });
}

function randomUpdate(c: Case, rng: Rng, malformed: boolean): ClientUpdate {
  if (c.kind.update === 'ranking') {
    const layers = c.layerSizes.map((n) => rng.shuffle(Uint32Array.from({ length: n }, (_, i) => i)));
    if (malformed) layers[1][0] = layers[1][1]; // a duplicate edge id
    return { kind: 'ranking', layers };
  }
  const flat = randomWeights(rng, c.layerSizes[0]);
  if (malformed) flat[5] = NaN;
  return { kind: 'weights', layers: [flat] };
}

function setup(c: Case, seed: number) {
  const rng = new Rng(seed);
  const params = c.layerSizes.map((n) => Float32Array.from({ length: n }, () => rng.normal()));
  const constants: ModelConstants = {
    frozen: [],
    sortedInitial: params.map((p) => Float32Array.from(p).sort()),
    keep: 0.5,
    maskRule: 'reference',
  };
  const clients = 3 + Math.floor(rng.float() * 12);
  const ids = rng.sampleWithoutReplacement(50, clients).sort((a, b) => a - b);
  const sent: SentUpdate[] = ids.map((clientId) => ({
    clientId,
    update: randomUpdate(c, rng, rng.float() < 0.2),
    trainLoss: rng.float() < 0.1 ? NaN : rng.float() * 3,
  }));
  const wire = () =>
    new RoundWire(
      { rankingCodec: 'bitpacked', weightsCodec: 'float32', signs: c.signs },
      params,
      c.kind.update,
      c.layerSizes,
      c.layerSizes,
    );
  const wireRng = (clientId: number) => new Rng(seed).derive('wire', clientId);
  const ruleCtx = (): AggregationContext => ({ f: 0, round: 3, rng: new Rng(seed).derive('aggregator') });
  return { rng, params, constants, sent, wire, wireRng, ruleCtx };
}

const bits = (xs: readonly Float32Array[]): number[][] => xs.map((x) => Array.from(new Uint32Array(x.buffer, x.byteOffset, x.length)));

describe('streaming aggregation == batch aggregation', () => {
  for (const c of CASES) {
    it(`${c.rule}: the same next model and receipt for every arrival order`, () => {
      for (let seed = 1; seed <= 6; seed++) {
        const s = setup(c, seed);
        const rule: Aggregator = createAggregator({ kind: c.rule });
        const batch = receiveAll(s.wire(), c.layerSizes, s.sent, s.wireRng);
        const expected = c.kind.applyAggregate(rule, batch.accepted, s.ruleCtx(), s.params, s.constants, c.serverLr);
        for (let shuffle = 0; shuffle < 5; shuffle++) {
          const fold = c.kind.foldAggregate(rule, s.ruleCtx(), c.layerSizes);
          expect(fold).not.toBeNull();
          const receiver = new UploadReceiver(
            s.wire(),
            c.layerSizes,
            s.wireRng,
            s.sent.map((x) => x.clientId),
            fold!,
          );
          for (const x of s.rng.shuffle([...s.sent])) receiver.receive(x);
          const receipt = receiver.finish();
          const { accepted: _accepted, ...batchReceipt } = batch;
          expect(receipt).toEqual(batchReceipt);
          const next = fold!.count === 0 ? s.params : fold!.finish(s.params, s.constants, c.serverLr);
          expect(bits(next)).toEqual(bits(expected));
        }
      }
    });
  }

  it('the test can fail: fedavg folded in arrival order (not client-id order) differs from the batch mean', () => {
    const c = CASES[1];
    const rule = createAggregator({ kind: 'fedavg' });
    let differs = false;
    for (let seed = 1; seed <= 6 && !differs; seed++) {
      const s = setup(c, seed);
      const updates = s.sent.map((x) => x.update).filter((u) => (u.layers[0] as Float32Array).every(Number.isFinite));
      const expected = c.kind.applyAggregate(rule, updates, s.ruleCtx(), s.params, s.constants, 1);
      const fold = c.kind.foldAggregate(rule, s.ruleCtx(), c.layerSizes)!;
      expect(fold.orderFree).toBe(false);
      for (const u of s.rng.shuffle([...updates])) fold.add(u);
      differs = JSON.stringify(bits(fold.finish(s.params, s.constants, 1))) !== JSON.stringify(bits(expected));
    }
    expect(differs).toBe(true);
  });
});
