import { describe, expect, it } from 'vitest';
import type { RunSummary } from './run-experiment.js';
import { summaryLine, summaryTable } from './run-summary-text.js';

const summary: RunSummary = {
  name: 'quickstart',
  finalAccuracy: 0.92551,
  finalRound: 7,
  finalLoss: 0.24612,
  bestAccuracy: 0.9301,
  bestRound: 6,
  rounds: 8,
  completedRounds: 8,
  interrupted: false,
  wallSeconds: 42.64,
  backend: 'wasm',
  backendDetails: 'tfjs-backend-wasm, SIMD',
  workers: 2,
  seed: 1,
  dataset: 'fashion-mnist',
  datasetSource: 'synthetic',
  arch: 'lenet',
  totalEdges: 1000,
  maskRule: 'topk',
  aggregator: 'median',
  attack: 'scaling',
  attackFraction: 0.2,
  partition: { min: 1, median: 2, max: 3, emptyClients: 0 },
  communication: {
    totalUploadBytes: 1,
    totalDownloadBytes: 1,
    uploadBytesPerClientRound: 2560,
    downloadBytesPerClientRound: 3 * 2 ** 20,
    informationBytesPerUpload: 1,
    float32BytesPerUpload: 1,
    codec: 'float32',
  },
  totalUploadBytes: 1,
  totalDownloadBytes: 1,
  rejectedUpdates: 3,
  outDir: '/tmp/qs',
};

describe('the end-of-run summary', () => {
  it('is an aligned table of at most 12 lines', () => {
    expect(summaryTable(summary)).toBe(
      [
        'rounds          8/8, done',
        'final accuracy  0.9255 (round 7)',
        'best accuracy   0.9301 (round 6)',
        'final loss      0.2461',
        'time            42.6 s, 5.3 s per round',
        'backend         wasm, 2 workers',
        'communication   2.5 KiB up, 3.00 MiB down per client per round (float32)',
        'rejected        3 malformed updates',
        'aggregation     median, attack scaling (20% of clients malicious)',
        'output          /tmp/qs',
        '',
      ].join('\n'),
    );
  });

  it('says how to continue an interrupted run, and leaves out what a summary does not hold', () => {
    const old: RunSummary = {
      ...summary,
      interrupted: true,
      completedRounds: 3,
      finalLoss: undefined,
      finalRound: undefined,
      rejectedUpdates: 0,
    };
    old.attack = 'none';
    const text = summaryTable(old);
    expect(text).toMatch(/^rounds {10}3\/8, interrupted; fedrank run --resume \/tmp\/qs continues it$/m);
    expect(text).toMatch(/^final accuracy {2}0\.9255$/m);
    expect(text).not.toMatch(/final loss|rejected/);
    expect(text).toMatch(/^aggregation {5}median, no attack$/m);
  });

  it('is one line with --quiet', () => {
    expect(summaryLine({ ...summary, resumedFromRound: 4 })).toBe(
      'done: 8/8 rounds (resumed after round 4), final accuracy 0.9255, best 0.9301 (round 6), 42.6 s on wasm -> /tmp/qs\n',
    );
  });
});
