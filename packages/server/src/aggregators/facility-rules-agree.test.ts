/**
 * The facility-location versions of the server's weight rules (@fedrank/mechanisms'
 * coordinate-median, trimmed-mean, krum, multi-krum) give the server's own aggregate on one
 * coordinate: each profile is sent to the server rule as n one-coordinate updates. The profiles
 * are float32 values (the server's updates are Float32Array), drawn at random, with ties, and
 * symmetric (where Krum's scores tie and the lowest index must win).
 */
import { describe, expect, it } from 'vitest';
import { coordinateMedian, krum, multiKrum, trimmedMean } from '@fedrank/mechanisms';
import { Rng } from '@fedrank/random';
import { CoordinateMedian } from './median.js';
import { Krum } from './krum.js';
import { MultiKrum } from './multi-krum.js';
import { TrimmedMean } from './trimmed-mean.js';
import type { AggregationContext } from './types.js';

const ctx = (f: number): AggregationContext => ({ f, round: 0, rng: new Rng(0) });
const asUpdates = (profile: readonly number[]): Float32Array[] => profile.map((x) => Float32Array.of(x));

function profiles(): number[][] {
  const rng = new Rng(11).derive('facility-rules-agree');
  const out: number[][] = [
    [0, 1, 3, 4], // symmetric: Krum scores tie pairwise
    [0.25, 0.5, 0.5, 0.75, 0.75, 1],
    [0, 0.25, 0.5, 0.75, 1, 0.5, 0.25],
    [0.5, 0.5, 0.5, 0.5, 0.5],
  ];
  for (let t = 0; t < 30; t++) {
    const n = 3 + rng.int(12);
    const distinct = 1 + rng.int(n); // few distinct values: many ties
    const values = Array.from({ length: distinct }, () => Math.fround(rng.float()));
    out.push(Array.from({ length: n }, () => (t % 2 === 0 ? values[rng.int(distinct)] : Math.fround(rng.float()))));
  }
  return out;
}

describe('facility rules equal the server rules on 1-D profiles', () => {
  const all = profiles();

  it('coordinate median', () => {
    for (const p of all) {
      expect(new CoordinateMedian().aggregate(asUpdates(p), ctx(0))[0]).toBe(Math.fround(coordinateMedian(p)));
    }
  });

  it('trimmed mean, every f with 2f < n', () => {
    for (const p of all) {
      for (let f = 0; 2 * f < p.length; f++) {
        expect(new TrimmedMean(f).aggregate(asUpdates(p), ctx(0))[0]).toBe(Math.fround(trimmedMean(p, f)));
      }
    }
  });

  it('krum and multi-krum (default and every m), every f with n > 2f + 2', () => {
    let cases = 0;
    for (const p of all) {
      const n = p.length;
      for (let f = 0; n > 2 * f + 2; f++) {
        const updates = asUpdates(p);
        const chosen = new Krum(f).select(updates, ctx(f))[0];
        expect(p[chosen]).toBe(krum(p, f));
        expect(new MultiKrum(undefined, f).aggregate(updates, ctx(f))[0]).toBe(Math.fround(multiKrum(p, f)));
        for (let m = 1; m <= n; m++) {
          expect(new MultiKrum(m, f).aggregate(updates, ctx(f))[0]).toBe(Math.fround(multiKrum(p, f, m)));
        }
        cases++;
      }
    }
    expect(cases).toBeGreaterThan(40);
  });

  it('krum breaks score ties towards the lowest index, in both', () => {
    // 0, 1, 3, 4 with f = 0: scores 1 + 9, 1 + 4, 4 + 1, 9 + 1 -> 1 and 3 tie; index 1 wins.
    expect(krum([0, 1, 3, 4], 0)).toBe(1);
    expect(new Krum(0).select(asUpdates([0, 1, 3, 4]), ctx(0))).toEqual([1]);
    expect(krum([4, 3, 1, 0], 0)).toBe(3);
    expect(new Krum(0).select(asUpdates([4, 3, 1, 0]), ctx(0))).toEqual([1]);
  });
});
