import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeRunState, encodeRunState, readRunStateFile, RunStateFileError, writeRunStateFile } from './run-state-file.js';

const sample = () => ({
  round: 3,
  global: { version: 3, params: [Float32Array.from([1.5, -2, 3.25]), Float32Array.from([0.1])] },
  aggregator: Float64Array.from([Math.PI, -1e-300]),
  finalAccuracy: NaN,
  best: { accuracy: -Infinity, round: -1 },
  metrics: [{ round: 0, trainLoss: NaN, accuracy: 0.5, predictedClasses: [1, 2] }],
  ids: Uint32Array.from([7, 8, 9]),
});

describe('run state files', () => {
  it('round-trips typed arrays bit for bit, non-finite numbers and plain values', () => {
    const back = decodeRunState(encodeRunState(sample(), { configHash: 'abc' }), 'x');
    expect(back.identity).toEqual({ configHash: 'abc' });
    const s = back.state as ReturnType<typeof sample>;
    expect(s.global.params[0]).toBeInstanceOf(Float32Array);
    expect(Array.from(s.global.params[0])).toEqual([1.5, -2, 3.25]);
    expect(s.aggregator).toBeInstanceOf(Float64Array);
    expect(Array.from(s.aggregator)).toEqual([Math.PI, -1e-300]);
    expect(s.ids).toBeInstanceOf(Uint32Array);
    expect(s.finalAccuracy).toBeNaN();
    expect(s.best.accuracy).toBe(-Infinity);
    expect(s.metrics[0].trainLoss).toBeNaN();
    expect(s.metrics[0].predictedClasses).toEqual([1, 2]);
  });

  it('refuses truncated and corrupted files with one line naming the file', () => {
    const bytes = encodeRunState(sample(), {});
    expect(() => decodeRunState(bytes.subarray(0, bytes.length - 3), 'ck')).toThrow(/^ck: truncated checkpoint/);
    const flipped = Buffer.from(bytes);
    flipped[flipped.length - 1] ^= 1;
    expect(() => decodeRunState(flipped, 'ck')).toThrow(/^ck: corrupt checkpoint \(payload checksum mismatch\)/);
    expect(() => decodeRunState(Buffer.from('hello world, not a checkpoint'), 'ck')).toThrow(RunStateFileError);
    expect(() => decodeRunState(Buffer.alloc(0), 'ck')).toThrow(/bad magic/);
  });

  it('writes atomically: the file is complete and no temporary file remains', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fedrank-state-'));
    const file = join(dir, 'checkpoint.state');
    writeFileSync(file, 'old');
    writeRunStateFile(file, sample(), { n: 1 });
    expect(readdirSync(dir)).toEqual(['checkpoint.state']);
    expect(readRunStateFile(file).identity).toEqual({ n: 1 });
    expect(readFileSync(file).length).toBeGreaterThan(16);
    expect(() => readRunStateFile(join(dir, 'missing'))).toThrow(/cannot read checkpoint \(ENOENT\)/);
  });
});
