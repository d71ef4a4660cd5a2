/**
 * Test support for the hostile-input suite: writers of the hostile files (gzip bombs, degenerate
 * IDX files, oversized YAML/JSON, huge information-acquisition instances) into a case's directory.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import YAML from 'yaml';
import { encodeIdx } from '@fedrank/data';

export function write(dir: string, file: string, content: string | Uint8Array): string {
  const path = join(dir, file);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
  return path;
}

/** A small synthetic run (a few seconds) with `overrides` merged into its sections. */
export function runConfig(overrides: Record<string, Record<string, unknown> | string | number> = {}): string {
  const base: Record<string, Record<string, unknown> | string | number> = {
    seed: 1,
    backend: 'cpu',
    workers: 0,
    data: { dataset: 'synthetic', synthetic: { trainSize: 200, testSize: 50, height: 8, width: 8 } },
    federation: { clients: 4, clientsPerRound: 2, rounds: 1 },
    model: { arch: 'mlp', hidden: [8] },
    training: { localEpochs: 1, batchSize: 8 },
  };
  for (const [k, v] of Object.entries(overrides)) {
    const cur = base[k];
    base[k] = typeof v === 'object' && typeof cur === 'object' ? { ...cur, ...v } : v;
  }
  return YAML.stringify(base);
}

/** The four MNIST IDX files in `dir`, with `images` replacing the training images. */
export function mnistFiles(dir: string, images: Uint8Array, trainCount: number): void {
  write(dir, 'train-images-idx3-ubyte.gz', images);
  write(dir, 'train-labels-idx1-ubyte', encodeIdx([trainCount], new Uint8Array(trainCount)));
  write(dir, 't10k-images-idx3-ubyte', encodeIdx([10, 28, 28], new Uint8Array(10 * 28 * 28)));
  write(dir, 't10k-labels-idx1-ubyte', encodeIdx([10], new Uint8Array(10)));
}

/**
 * A gzip bomb: an IDX header promising 10 28x28 images, then `mib` MiB of zeros. Built from
 * repeated gzip members (gunzip reads concatenated members as one stream), so it is cheap to make.
 */
export function gzipBomb(mib: number): Uint8Array {
  const head = gzipSync(encodeIdx([10, 28, 28], new Uint8Array(10 * 28 * 28)));
  const zeros = gzipSync(new Uint8Array(16 << 20), { level: 9 });
  const parts: Uint8Array[] = [head];
  for (let i = 0; i < mib / 16; i++) parts.push(zeros);
  return Buffer.concat(parts);
}

/** An information-acquisition instance of `agents` agents, each with 2 actions and `signals` signals. */
export function infoInstance(agents: number, signals: number): string {
  const ag = Array.from({ length: agents }, (_, i) => ({
    name: `a${i}`,
    actions: { idle: 0, work: 0.1 },
    signals: Array.from({ length: signals }, (_, k) => `s${k}`),
  }));
  const profiles: string[][] = [];
  for (let m = 0; m < 2 ** agents; m++) profiles.push(ag.map((_, i) => ((m >> (agents - 1 - i)) & 1 ? 'work' : 'idle')));
  const one = ag.map(() => 's0');
  return JSON.stringify({
    states: ['L', 'R'],
    prior: [0.5, 0.5],
    decisions: { sayL: [1, 0], sayR: [0, 1] },
    agents: ag,
    signalModel: profiles.map((profile) => ({ profile, distribution: { L: [{ signals: one, p: 1 }], R: [{ signals: one, p: 1 }] } })),
  });
}
