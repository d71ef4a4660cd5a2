/** Tests for the partitioners: coverage, disjointness, reproducibility, and the Dirichlet size profile. */
import { describe, expect, it } from 'vitest';
import { Rng } from '@fedrank/random';
import { partitionDataset } from './partition.js';
import { partitionStats } from './stats.js';
import { roundHalfEven } from './dirichlet.js';
import { DataError } from '../errors.js';

/** `perClass` samples of each of `numClasses` classes, interleaved (label = i % numClasses). */
function balancedLabels(numClasses: number, perClass: number): Uint8Array {
  return Uint8Array.from({ length: numClasses * perClass }, (_, i) => i % numClasses);
}

/** Asserts no index is used twice and all are in range; returns how many were assigned. */
function assignedOnce(parts: Uint32Array[], n: number): number {
  const seen = new Uint8Array(n);
  let count = 0;
  for (const p of parts) {
    for (const i of p) {
      if (i >= n) throw new Error(`index ${i} out of range 0..${n - 1}`);
      if (seen[i] !== 0) throw new Error(`index ${i} assigned twice`);
      seen[i] = 1;
      count++;
    }
  }
  return count;
}

function sameParts(a: Uint32Array[], b: Uint32Array[]): boolean {
  return a.length === b.length && a.every((p, k) => p.length === b[k].length && p.every((v, j) => v === b[k][j]));
}

describe('iid partition', () => {
  it('covers every sample exactly once with near-equal sizes', () => {
    const labels = balancedLabels(10, 101);
    const parts = partitionDataset(labels, 10, 7, { kind: 'iid' }, new Rng(1));
    expect(parts).toHaveLength(7);
    expect(assignedOnce(parts, labels.length)).toBe(labels.length);
    const st = partitionStats(parts, labels, 10);
    expect(st.max - st.min).toBeLessThanOrEqual(1);
    expect(st.total).toBe(1010);
    expect(st.classesPerClientMean).toBe(10);
  });
});

describe('dirichlet partition (reference FRL procedure)', () => {
  it('assigns each sample at most once and drops only the leftovers', () => {
    const labels = balancedLabels(10, 200);
    const parts = partitionDataset(labels, 10, 50, { kind: 'dirichlet', alpha: 1 }, new Rng(3));
    const assigned = assignedOnce(parts, labels.length);
    // Per class, clients take round(200 * p_u) in turn: the total taken is within numClients/2 of 200,
    // and only what is left after the last client is dropped.
    for (let c = 0; c < 10; c++) {
      const taken = parts.reduce((s, p) => s + p.filter((i) => labels[i] === c).length, 0);
      expect(taken).toBeLessThanOrEqual(200);
      expect(taken).toBeGreaterThanOrEqual(200 - 25);
    }
    expect(assigned).toBeGreaterThan(1750);
  });

  it('is reproducible for a seed and differs across seeds', () => {
    const labels = balancedLabels(10, 100);
    const spec = { kind: 'dirichlet', alpha: 0.5 } as const;
    const a = partitionDataset(labels, 10, 20, spec, new Rng(42));
    const b = partitionDataset(labels, 10, 20, spec, new Rng(42));
    const c = partitionDataset(labels, 10, 20, spec, new Rng(43));
    expect(sameParts(a, b)).toBe(true);
    expect(sameParts(a, c)).toBe(false);
  });

  it('matches the reference size profile on MNIST-sized labels (60000, 1000 clients, alpha 1)', () => {
    const labels = balancedLabels(10, 6000);
    for (const seed of [1, 2, 3]) {
      const parts = partitionDataset(labels, 10, 1000, { kind: 'dirichlet', alpha: 1 }, new Rng(seed));
      const st = partitionStats(parts, labels, 10);
      console.log(`dirichlet seed ${seed}: ${JSON.stringify(st)}`);
      expect(assignedOnce(parts, labels.length)).toBe(st.total);
      expect(st.median).toBeGreaterThanOrEqual(50);
      expect(st.median).toBeLessThanOrEqual(66);
      expect(st.min).toBeGreaterThanOrEqual(2);
      expect(st.min).toBeLessThanOrEqual(30);
      expect(st.max).toBeGreaterThanOrEqual(100);
      expect(st.max).toBeLessThanOrEqual(200);
      expect(st.total).toBeGreaterThan(58_000);
      expect(st.total).toBeLessThanOrEqual(60_000);
      expect(st.classesPerClientMean).toBeGreaterThan(8);
    }
  });

  it('rounds half to even like Python', () => {
    expect([0.5, 1.5, 2.5, 2.4999, 2.5001, 3.5].map(roundHalfEven)).toEqual([0, 2, 2, 2, 3, 4]);
  });
});

describe('shards partition', () => {
  it('gives each client shardsPerClient shards and at most that many classes', () => {
    const labels = balancedLabels(10, 100); // 1000 samples, 100 shards of 10
    const parts = partitionDataset(labels, 10, 50, { kind: 'shards', shardsPerClient: 2 }, new Rng(5));
    expect(assignedOnce(parts, labels.length)).toBe(1000);
    for (const p of parts) {
      expect(p.length).toBe(20);
      expect(new Set(Array.from(p, (i) => labels[i])).size).toBeLessThanOrEqual(2);
    }
    const st = partitionStats(parts, labels, 10);
    expect(st.classesPerClientMean).toBeLessThanOrEqual(2);
    expect(st.classesPerClientMean).toBeGreaterThan(1);
  });

  it('drops the remainder when the sizes do not divide and stays reproducible', () => {
    const labels = balancedLabels(10, 103);
    const a = partitionDataset(labels, 10, 7, { kind: 'shards', shardsPerClient: 3 }, new Rng(9));
    const b = partitionDataset(labels, 10, 7, { kind: 'shards', shardsPerClient: 3 }, new Rng(9));
    expect(sameParts(a, b)).toBe(true);
    expect(assignedOnce(a, labels.length)).toBe(21 * Math.floor(1030 / 21));
  });
});

describe('partition argument errors', () => {
  const labels = balancedLabels(10, 10);
  it('are DataErrors naming the field', () => {
    const field = (f: () => unknown): string => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(DataError);
        return (e as DataError).field;
      }
      throw new Error('did not throw');
    };
    expect(field(() => partitionDataset(labels, 10, 0, { kind: 'iid' }, new Rng(1)))).toBe('numClients');
    expect(field(() => partitionDataset(labels, 10, 5, { kind: 'dirichlet', alpha: 0 }, new Rng(1)))).toBe('partition.alpha');
    expect(field(() => partitionDataset(labels, 10, 5, { kind: 'shards', shardsPerClient: 0 }, new Rng(1)))).toBe(
      'partition.shardsPerClient',
    );
    expect(field(() => partitionDataset(labels, 10, 60, { kind: 'shards', shardsPerClient: 2 }, new Rng(1)))).toBe(
      'partition.shardsPerClient',
    );
    expect(field(() => partitionDataset(labels, 5, 5, { kind: 'iid' }, new Rng(1)))).toBe('labels');
  });
});

describe('partitionStats', () => {
  it('computes min / median / max / total / classes per client', () => {
    const labels = Uint8Array.of(0, 1, 2, 0, 1, 2);
    const st = partitionStats([Uint32Array.of(0, 3), Uint32Array.of(1, 2, 4), Uint32Array.of(), Uint32Array.of(5)], labels, 3);
    expect(st).toEqual({ min: 0, median: 1.5, max: 3, total: 6, emptyClients: 1, classesPerClientMean: (1 + 2 + 0 + 1) / 4 });
  });
});
