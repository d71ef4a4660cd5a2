import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '@fedrank/tensor';
import { makeSynthetic } from '@fedrank/data';
import { buildArchitecture, denseLayout } from '@fedrank/supermask';
import { Rng } from '@fedrank/random';
import { parseRunConfig } from './config.js';
import { runFederation, type RoundMetrics } from './run-federation.js';
import { RoundWire } from './wire.js';

beforeAll(async () => {
  await initBackend('wasm');
});

const data = makeSynthetic({ trainSize: 300, testSize: 100, height: 6, width: 6, channels: 1, numClasses: 3, seed: 2 });
const arch = buildArchitecture('mlp', { height: 6, width: 6, channels: 1, numClasses: 3 }, { hidden: [16] });

async function run(extra: Record<string, unknown>) {
  const metrics: RoundMetrics[] = [];
  const config = parseRunConfig({
    seed: 2,
    workers: 0,
    data: { dataset: 'synthetic', partition: { kind: 'iid' } },
    federation: { clients: 6, clientsPerRound: 4, rounds: 3 },
    model: { arch: 'mlp', hidden: [16] },
    training: { localEpochs: 1, batchSize: 8 },
    ...extra,
  });
  const r = await runFederation(config, data, { onRound: (m) => metrics.push(m) });
  return { ...r, metrics };
}

const header = (layers: number) => 8 + 4 * layers;

describe('bytes on the wire', () => {
  it('counts bit-packed FRL rankings up and the global ranking down', async () => {
    const r = await run({});
    // mlp 36 -> 16 -> 3: layers of 576 (10 bits per edge) and 48 (6 bits per edge).
    const perClient = header(2) + Math.ceil((576 * 10 + 48 * 6) / 8);
    for (const m of r.metrics) {
      expect(m.uploadBytesPerClient).toBe(perClient);
      expect(m.uploadBytes).toBe(4 * perClient);
      expect(m.downloadBytes).toBe(4 * perClient);
    }
    expect(r.communication.totalUploadBytes).toBe(3 * 4 * perClient);
    expect(r.communication.informationBytesPerUpload).toBeLessThan(perClient);
  });

  it('the delta codec sends no more than bit packing and trains to the same accuracy', async () => {
    const packed = await run({});
    const delta = await run({ communication: { rankingCodec: 'delta' } });
    expect(delta.communication.totalUploadBytes).toBeLessThanOrEqual(packed.communication.totalUploadBytes + 3 * 4 * 6);
    expect(delta.metrics.map((m) => m.accuracy)).toEqual(packed.metrics.map((m) => m.accuracy));
  });

  it('counts float32 weight deltas, 1-bit signs for SignSGD, and rejects garbage bytes', async () => {
    const total = denseLayout(arch).total;
    const fedavg = await run({ aggregator: { kind: 'fedavg' } });
    expect(fedavg.metrics[0].uploadBytesPerClient).toBe(header(4) + 4 * total);
    const sign = await run({ aggregator: { kind: 'signsgd-mv', serverLr: 0.01 } });
    expect(sign.metrics[0].uploadBytesPerClient).toBe(header(4) + Math.ceil(total / 8));
    const bad = await run({ aggregator: { kind: 'fedavg' }, attack: { kind: 'malformed', fraction: 0.34 } });
    expect(bad.metrics.every((m) => m.rejectedUpdates === m.maliciousClients)).toBe(true);
    expect(bad.metrics.some((m) => m.maliciousClients > 0)).toBe(true);
  });

  it('decodes what it encodes, and returns null for corrupt payloads', () => {
    const global = [Float32Array.from({ length: 10 }, (_, i) => Math.sin(i))];
    const wire = new RoundWire({ rankingCodec: 'bitpacked', weightsCodec: 'float32', signs: false }, global, 'ranking', [10], [10]);
    const ranking = Uint32Array.from([3, 1, 4, 0, 5, 9, 2, 6, 8, 7]);
    const bytes = wire.encode({ kind: 'ranking', layers: [ranking] }, new Rng(1));
    expect(wire.decode(bytes)).toEqual({ kind: 'ranking', layers: [ranking] });
    expect(wire.decode(bytes.subarray(0, bytes.length - 1))).toBeNull();
    const dup = wire.encode({ kind: 'ranking', layers: [Uint32Array.from([1, 1, 2, 3, 4, 5, 6, 7, 8, 9])] }, new Rng(1));
    expect(wire.decode(dup)).toBeNull();
  });
});
