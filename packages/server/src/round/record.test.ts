import { describe, expect, it } from 'vitest';
import type { RoundMetrics } from './round-metrics.js';
import { isEvaluated, recordStage } from './record.js';
import { initialRunState } from './run-state.js';

const metrics = (round: number, accuracy: number): RoundMetrics => ({
  round,
  accuracy,
  loss: 1,
  trainLoss: 1,
  seconds: 0,
  trainSeconds: 0,
  craftSeconds: 0,
  evalSeconds: 0,
  lr: 0.1,
  clients: 2,
  maliciousClients: 0,
  rejectedUpdates: 0,
  uploadBytes: 10,
  downloadBytes: 20,
  uploadBytesPerClient: 5,
});

describe('recordStage', () => {
  it('advances the round, adds the bytes and keeps the best accuracy', () => {
    let s = initialRunState([new Float32Array(2)]);
    const g = (v: number) => ({ version: v, params: [new Float32Array(2)] });
    s = recordStage(s, { global: g(1), ruleState: null, uploadBytes: 10, downloadBytes: 20, clients: 2, metrics: metrics(0, 0.5) });
    s = recordStage(s, { global: g(2), ruleState: null, uploadBytes: 10, downloadBytes: 20, clients: 2 });
    s = recordStage(s, { global: g(3), ruleState: null, uploadBytes: 10, downloadBytes: 20, clients: 2, metrics: metrics(2, 0.4) });
    expect(s.round).toBe(3);
    expect(s.global.version).toBe(3);
    expect(s.communication).toEqual({ uploadBytes: 30, downloadBytes: 60, clientRounds: 6 });
    expect(s.metrics.map((m) => m.round)).toEqual([0, 2]);
    expect(s.finalAccuracy).toBe(0.4);
    expect(s.best).toEqual({ accuracy: 0.5, round: 0 });
  });

  it('does not modify the state it was given', () => {
    const s = initialRunState([new Float32Array(2)]);
    recordStage(s, {
      global: { version: 1, params: [] },
      ruleState: null,
      uploadBytes: 1,
      downloadBytes: 1,
      clients: 1,
      metrics: metrics(0, 1),
    });
    expect(s.round).toBe(0);
    expect(s.metrics).toEqual([]);
  });
});

describe('isEvaluated', () => {
  it('evaluates every evalEvery rounds and the last', () => {
    expect([0, 1, 2, 3, 4].filter((r) => isEvaluated(r, 2, 5))).toEqual([1, 3, 4]);
  });
});
