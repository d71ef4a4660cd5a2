import { describe, expect, it } from 'vitest';
import { MechanismInputError } from '../errors.js';
import { averageMechanism } from './average.js';
import { checkAxioms } from './axioms.js';
import { gridPoints } from './best-response.js';
import { findEquilibrium } from './equilibrium.js';
import { evaluateFacility } from './evaluate.js';
import { medianMechanism } from './median.js';
import { midpointMechanism } from './midpoint.js';
import { facilityMechanism } from './registry.js';
import { krum, multiKrum } from './rules/krum.js';
import { trimmedMean } from './rules/trimmed-mean.js';
import { coordinateMedian } from './rules/coordinate-median.js';
import { checkStrategyproofness } from './strategyproofness.js';
import { uniformPhantomMechanism } from './uniform-phantom.js';
import { worstCaseRatios } from './worst-case.js';

const EPS = 1e-9;

describe('worked values of Aziz, Lam, Lee, Walsh', () => {
  it('Uniform Phantom on (0.1, 0.2, 0.9) is 1/3 with welfare ratio 33/31 and all axioms', () => {
    const r = evaluateFacility({ mechanism: 'uniform-phantom', profile: [0.1, 0.2, 0.9] });
    expect(Math.abs(r.location - 1 / 3)).toBeLessThan(EPS);
    expect(Math.abs(r.welfareRatio - 33 / 31)).toBeLessThan(EPS);
    expect(Math.abs(r.socialWelfare - 31 / 15)).toBeLessThan(EPS);
    expect(Math.abs(r.totalCost - 14 / 15)).toBeLessThan(EPS);
    expect(Math.abs(r.totalCostRatio - 14 / 12)).toBeLessThan(EPS); // optimum total cost 0.8
    expect(Math.abs(r.maxCost - 17 / 30)).toBeLessThan(EPS);
    expect(Math.abs(r.maxCostRatio - 17 / 30 / 0.4)).toBeLessThan(EPS);
    expect(r.axioms).toMatchObject({ ifs: true, ufs: true, proportionality: true, pf: true });
  });

  it('the median on (0.1, 0.2, 0.9) is 0.2 and fails IFS for the agent at 0.9', () => {
    const r = evaluateFacility({ mechanism: 'median', profile: [0.1, 0.2, 0.9] });
    expect(Math.abs(r.location - 0.2)).toBeLessThan(EPS);
    expect(r.welfareRatio).toBeCloseTo(1, 12);
    expect(r.axioms.ifs).toBe(false);
    expect(r.axioms.violations.ifs).toHaveLength(1);
    const v = r.axioms.violations.ifs[0];
    expect(v.agent).toBe(2);
    expect(v.location).toBe(0.9);
    expect(Math.abs(v.utility - 0.3)).toBeLessThan(EPS);
    expect(Math.abs(v.amount - (1 / 3 - 0.3))).toBeLessThan(EPS);
  });

  it('n = 3, (0, 0, 1): Uniform Phantom gives 1/3, the median fails UFS and proportionality', () => {
    const up = evaluateFacility({ mechanism: 'uniform-phantom', profile: [0, 0, 1] });
    expect(Math.abs(up.location - 1 / 3)).toBeLessThan(EPS);
    expect(up.axioms).toMatchObject({ ifs: true, ufs: true, proportionality: true, pf: true, proportionalityApplies: true });

    const med = evaluateFacility({ mechanism: 'median', profile: [0, 0, 1] });
    expect(med.location).toBe(0);
    expect(med.axioms.ufs).toBe(false);
    expect(med.axioms.violations.ufs).toHaveLength(1);
    const u = med.axioms.violations.ufs[0];
    expect(u).toMatchObject({ location: 1, agents: [2], size: 1, distance: 1 });
    expect(Math.abs(u.allowed - 2 / 3)).toBeLessThan(EPS);
    expect(Math.abs(u.amount - 1 / 3)).toBeLessThan(EPS);
    expect(med.axioms.proportionality).toBe(false);
    expect(med.axioms.violations.proportionality[0].required).toBeCloseTo(1 / 3, 12);
    expect(Math.abs(med.axioms.violations.proportionality[0].amount - 1 / 3)).toBeLessThan(EPS);
  });

  it('the only UFS location for (0, 0, 1) is 1/3', () => {
    for (const y of gridPoints(1 / 300)) {
      const ufs = checkAxioms([0, 0, 1], y).ufs;
      expect(ufs).toBe(Math.abs(y - 1 / 3) < 1e-12);
    }
  });

  it('Uniform Phantom has no profitable deviation on a 1/12 grid for n = 3', () => {
    const g = gridPoints(1 / 12);
    let checked = 0;
    for (const a of g)
      for (const b of g)
        for (const c of g) {
          const sp = checkStrategyproofness(uniformPhantomMechanism, [a, b, c], { method: 'grid', gridStep: 1 / 12 });
          expect(sp.bestDeviation).toBeNull();
          checked++;
        }
    expect(checked).toBe(13 ** 3);
  });
});

describe('strategyproofness search', () => {
  it('finds exact deviations for the average and the midpoint and none for the medians', () => {
    const avg = checkStrategyproofness(averageMechanism, [0.1, 0.2, 0.9]);
    expect(avg.method).toBe('exact');
    expect(avg.strategyproof).toBe(false);
    // agent 1 (at 0.2) reports 0 and moves the average from 0.4 to 1/3: gain 0.2 - (1/3 - 0.2)
    expect(avg.bestDeviation).toMatchObject({ agent: 1, misreport: 0 });
    expect(Math.abs(avg.bestDeviation!.gain - 1 / 15)).toBeLessThan(EPS);

    const mid = checkStrategyproofness(midpointMechanism, [0.2, 0.5, 0.6]);
    expect(mid.strategyproof).toBe(false);
    // the agent at 0.6 reports 1 and moves the midpoint from 0.4 to exactly 0.6 (gain 0.2);
    // the agent at 0.2 could only gain 0.1 (report 0 -> 0.3)
    expect(mid.bestDeviation).toMatchObject({ agent: 2 });
    expect(Math.abs(mid.bestDeviation!.misreport - 1)).toBeLessThan(EPS);
    expect(Math.abs(mid.bestDeviation!.gain - 0.2)).toBeLessThan(EPS);

    for (const p of [
      [0.1, 0.2, 0.9],
      [0, 0, 1],
      [0.3, 0.7],
      [0.05, 0.4, 0.41, 0.8, 1],
    ]) {
      expect(checkStrategyproofness(medianMechanism, p).strategyproof).toBe(true);
      expect(checkStrategyproofness(uniformPhantomMechanism, p).strategyproof).toBe(true);
      const gm = facilityMechanism('generalized-median', { phantoms: p.slice(1).map((_, k) => (k + 0.5) / p.length) });
      expect(checkStrategyproofness(gm, p).strategyproof).toBe(true);
    }
  });

  it('the even-n coordinate median is manipulable, and Krum on a grid', () => {
    const cm = checkStrategyproofness(facilityMechanism('coordinate-median'), [0.2, 0.4, 0.6, 0.8]);
    expect(cm.strategyproof).toBe(false);
    const k = checkStrategyproofness(facilityMechanism('krum'), [0.1, 0.5, 0.9], { gridStep: 0.01 });
    expect(k.method).toBe('grid');
    expect(k.gridStep).toBe(0.01);
  });
});

describe('equilibrium by best-response dynamics', () => {
  it('the average reaches the Uniform Phantom outcome (continuous, strictly monotone, UFS)', () => {
    for (const p of [
      [0.1, 0.2, 0.9],
      [0, 0, 1],
      [0.3, 0.35, 0.6, 0.9],
      [0.5, 0.5],
    ]) {
      const eq = findEquilibrium(averageMechanism, p);
      expect(eq.converged).toBe(true);
      expect(Math.abs(eq.location - eq.uniformPhantomLocation)).toBeLessThan(EPS);
    }
    const eq = findEquilibrium(averageMechanism, [0.1, 0.2, 0.9]);
    expect(eq.reports).toEqual([0, 0, 1]);
  });
  it('truth-telling is already an equilibrium of Uniform Phantom', () => {
    const eq = findEquilibrium(uniformPhantomMechanism, [0.1, 0.2, 0.9]);
    expect(eq.rounds).toBe(1);
    expect(eq.reports).toEqual([0.1, 0.2, 0.9]);
  });
});

describe('server aggregation rules on one coordinate', () => {
  it('computes mean, coordinate median, trimmed mean, Krum and Multi-Krum', () => {
    const p = [0, 0.25, 0.375, 0.5, 1]; // dyadic, so the Krum scores are exact
    expect(facilityMechanism('mean').locate(p)).toBeCloseTo(0.425, 12);
    expect(coordinateMedian(p)).toBe(0.375);
    expect(coordinateMedian([0.1, 0.2, 0.4, 0.9])).toBeCloseTo(0.3, 12);
    expect(trimmedMean(p, 1)).toBeCloseTo(0.375, 12);
    // f = 1: score = sum of the n - f - 2 = 2 smallest squared distances:
    // 0 -> 0.203125, 0.25 -> 0.078125, 0.375 -> 0.03125, 0.5 -> 0.078125, 1 -> 0.640625
    expect(krum(p, 1)).toBe(0.375);
    // Multi-Krum averages the m = n - f = 4 best (all but 1); with m = 2, 0.25 wins the tie by index
    expect(multiKrum(p, 1)).toBeCloseTo(0.28125, 12);
    expect(multiKrum(p, 1, 2)).toBeCloseTo(0.3125, 12);
  });
  it('rejects impossible f', () => {
    expect(() => krum([0.1, 0.2, 0.3], 1)).toThrow(/n > 2f \+ 2/);
    expect(() => trimmedMean([0.1, 0.2], 1)).toThrow(/2f < n/);
  });
});

describe('worst-case ratios', () => {
  it('the median is welfare-optimal; Uniform Phantom is not, and the worst profile is reported', () => {
    const med = worstCaseRatios(medianMechanism, 3, { gridStep: 0.1 });
    expect(med.profilesChecked).toBe(286); // C(11 + 3 - 1, 3)
    expect(med.welfareRatio.value).toBeCloseTo(1, 12);
    expect(med.totalCostRatio.value).toBeCloseTo(1, 12);
    const up = worstCaseRatios(uniformPhantomMechanism, 3, { gridStep: 0.1 });
    expect(up.welfareRatio.value).toBeGreaterThan(1);
    const again = evaluateFacility({ mechanism: 'uniform-phantom', profile: up.welfareRatio.profile });
    expect(again.welfareRatio).toBeCloseTo(up.welfareRatio.value, 12);
    const rnd = worstCaseRatios(uniformPhantomMechanism, 4, { family: 'random', samples: 500, seed: 3 });
    expect(rnd.profilesChecked).toBe(500);
    expect(worstCaseRatios(uniformPhantomMechanism, 4, { family: 'random', samples: 500, seed: 3 })).toEqual(rnd);
  });
});

describe('bad input', () => {
  const code = (f: () => unknown): [number | undefined, string] => {
    try {
      f();
    } catch (e) {
      expect(e).toBeInstanceOf(MechanismInputError);
      return [(e as MechanismInputError).exitCode, (e as Error).message];
    }
    throw new Error('did not throw');
  };
  it('names a profile outside [0,1], an empty profile, unknown mechanisms and checks', () => {
    expect(code(() => evaluateFacility({ mechanism: 'median', profile: [0.2, 1.5] }))).toEqual([2, 'profile[1] = 1.5 is outside [0, 1]']);
    expect(code(() => evaluateFacility({ mechanism: 'median', profile: [] }))[1]).toMatch(/profile is empty/);
    expect(code(() => evaluateFacility({ mechanism: 'mode', profile: [0.1] }))[1]).toMatch(/unknown mechanism "mode"/);
    expect(code(() => evaluateFacility({ mechanism: 'median', profile: [0.1], checks: ['sp'] }))[1]).toMatch(/unknown check/);
    expect(code(() => evaluateFacility({ mechanism: 'generalized-median', profile: [0.1, 0.2], phantoms: [0.5, 0.6] }))[1]).toMatch(
      /is even/,
    );
  });
});
