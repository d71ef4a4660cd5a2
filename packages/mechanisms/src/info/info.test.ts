import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MechanismInputError } from '../errors.js';
import { klLower, klUpper } from './confidence.js';
import { checkIc } from './ic.js';
import { parseInstance } from './instance.js';
import { readInstanceFile, readJsonFile } from './instance-file.js';
import { parseMechanism } from './mechanism-json.js';
import { runOnline } from './online.js';
import { optimalMechanism } from './optimal.js';
import { givenMechanismReport, optimalMechanismReport } from './report.js';
import { evaluateMechanism, strategicResponse } from './strategies.js';

const EPS = 1e-9;
const config = (name: string): string => fileURLToPath(new URL(`../../../../configs/mechanisms/${name}`, import.meta.url));

/** One agent, idle (free) or work (cost c): working reveals the state (L or R, uniform prior) in its signal, idling gives a coin flip. */
function single(c: number): unknown {
  const uniform = [
    { signals: ['sL'], p: 0.5 },
    { signals: ['sR'], p: 0.5 },
  ];
  return {
    states: ['L', 'R'],
    prior: [0.5, 0.5],
    decisions: { sayL: [1, 0], sayR: [0, 1] },
    agents: [{ name: 'a1', actions: { idle: 0, work: c }, signals: ['sL', 'sR'] }],
    signalModel: [
      { profile: ['idle'], distribution: { L: uniform, R: uniform } },
      { profile: ['work'], distribution: { L: [{ signals: ['sL'], p: 1 }], R: [{ signals: ['sR'], p: 1 }] } },
    ],
  };
}

describe('optimal IC mechanism (LP solved by HiGHS)', () => {
  it('one agent at cost 0.1: value 0.8, expected payment 0.2, paying 0.2 on a match', async () => {
    const inst = parseInstance(single(0.1));
    const r = await optimalMechanismReport(inst);
    expect(Math.abs(r.value - 0.8)).toBeLessThan(EPS);
    expect(Math.abs(r.expectedPayment - 0.2)).toBeLessThan(EPS);
    expect(Math.abs(r.decisionValue - 1)).toBeLessThan(EPS);
    expect(r.attained).toBe(true);
    expect(r.recommendation).toEqual([{ profile: ['work'], p: 1 }]);
    expect(r.payments).toEqual([
      { agent: 'a1', profile: ['work'], signals: ['sL'], state: 'L', amount: 0.2 },
      { agent: 'a1', profile: ['work'], signals: ['sR'], state: 'R', amount: 0.2 },
    ]);
    expect(r.ic.ic).toBe(true);
    // shirking and guessing earns 0.5 * 0.2 = 0.1 = 0.2 - 0.1: the effort constraint binds
    const shirk = r.ic.deviations.find((d) => d.kind === 'effort');
    expect(Math.abs(shirk!.slack)).toBeLessThan(EPS);
  });

  it('one agent at cost 0.3 is not hired: value 0.5', async () => {
    const r = await optimalMechanismReport(parseInstance(single(0.3)));
    expect(Math.abs(r.value - 0.5)).toBeLessThan(EPS);
    expect(r.expectedPayment).toBe(0);
    expect(r.recommendation).toEqual([{ profile: ['idle'], p: 1 }]);
  });

  it('the optimum is max(1/2, 1 - 2c) across costs', async () => {
    for (const c of [0, 0.05, 0.2, 0.24, 0.26, 0.5]) {
      const r = await optimalMechanism(parseInstance(single(c)));
      expect(Math.abs(r.value - Math.max(0.5, 1 - 2 * c))).toBeLessThan(1e-7);
    }
  });

  it('a payment cap below 0.2 prevents hiring at cost 0.1', async () => {
    const inst = parseInstance(single(0.1));
    expect((await optimalMechanism(inst, { paymentCap: 0.19 })).value).toBeCloseTo(0.5, 9);
    expect((await optimalMechanism(inst, { paymentCap: 0.2 })).value).toBeCloseTo(0.8, 9);
  });

  it('two specialists: both hired, the LP value is the value of an IC mechanism', async () => {
    const inst = readInstanceFile(config('two-specialists.json'));
    const r = await optimalMechanism(inst);
    expect(r.attained).toBe(true);
    expect(checkIc(inst, r.mechanism).ic).toBe(true);
    expect(evaluateMechanism(inst, r.mechanism).value).toBeCloseTo(r.value, 7);
    expect(r.decisionValue).toBeCloseTo(1, 7); // both work: the state is always known
    expect(r.value).toBeCloseTo(0.82, 7);
  });

  it('crowding: the unconstrained optimum is a supremum, approached as the payment cap grows', async () => {
    const inst = readInstanceFile(config('crowding.json'));
    const sup = await optimalMechanism(inst);
    expect(sup.attained).toBe(false);
    expect(sup.attainedValue).toBeLessThan(sup.value);
    let previous = -Infinity;
    for (const cap of [1, 10, 100, 1000]) {
      const capped = await optimalMechanism(inst, { paymentCap: cap });
      expect(capped.attained).toBe(true);
      expect(capped.value).toBeGreaterThan(previous);
      expect(capped.value).toBeLessThan(sup.value);
      previous = capped.value;
    }
    expect(sup.value - previous).toBeLessThan(1e-4);
  });
});

describe('IC checker', () => {
  it('a scoring rule paying 0.19 on a match at cost 0.1 is not IC (shirking pays 0.095 > 0.09)', () => {
    const inst = parseInstance(single(0.1));
    const mech = parseMechanism(inst, readJsonFile(config('single-agent-pay-0.19.mechanism.json'), 'mechanism'));
    const r = givenMechanismReport(inst, mech);
    expect(r.ic.ic).toBe(false);
    expect(Math.abs(r.ic.minSlack - -0.005)).toBeLessThan(EPS);
    const worst = r.ic.deviations.find((d) => d.slack < 0)!;
    expect(worst).toMatchObject({ agent: 'a1', recommended: 'work', deviation: 'idle', kind: 'effort' });
    expect(Math.abs(worst.honestUtility - 0.09)).toBeLessThan(EPS);
    expect(Math.abs(worst.deviationUtility - 0.095)).toBeLessThan(EPS);
    expect(Math.abs(r.value - 0.81)).toBeLessThan(EPS);
    expect(Math.abs(r.valueUnderResponse! - (0.5 - 0.095))).toBeLessThan(EPS);
    // the agent's actual response: shirk, so the principal decides on noise
    const resp = strategicResponse(inst, mech);
    expect(resp.strategies[0].action[1]).toBe(0);
    expect(evaluateMechanism(inst, mech, resp.strategies).value).toBeCloseTo(0.5 - 0.095, 9);
  });

  it('reports misreport slack: paying for the wrong state makes lying profitable', () => {
    const inst = parseInstance(single(0.1));
    const mech = parseMechanism(inst, {
      recommendation: [{ profile: ['work'], p: 1 }],
      payments: [{ agent: 'a1', profile: ['work'], signals: ['sR'], state: 'L', amount: 1 }],
    });
    const r = checkIc(inst, mech);
    const lie = r.deviations.find((d) => d.kind === 'misreport')!;
    expect(lie.reports).toEqual({ sL: 'sR', sR: 'sR' });
    expect(lie.slack).toBeCloseTo(-0.5, 12);
  });
});

describe('online explore-then-commit', () => {
  it('is reproducible for a seed, commits to hiring and has sublinear regret', async () => {
    const inst = readInstanceFile(config('two-specialists.json'));
    const a = await runOnline(inst, { horizon: 100_000, seed: 4 });
    const b = await runOnline(inst, { horizon: 100_000, seed: 4 });
    expect(a).toEqual(b);
    expect(a.explorationRounds).toBe(4 * Math.ceil(100_000 ** (2 / 3) / 4));
    expect(a.committed.icUnderTruth).toBe(true);
    expect(a.committed.trueValue).toBeGreaterThan(0.75);
    expect(a.regret / 100_000).toBeLessThan(0.1);
    expect(a.checkpoints.map((c) => c.t)).toEqual([10, 100, 1000, 2156, 10_000, 100_000]);
    const small = await runOnline(inst, { horizon: 1000, seed: 4 });
    expect(a.regret / 100_000).toBeLessThan(small.regret / 1000);
  });
  it('KL bounds contain the estimate and shrink like L/n at 0 and 1', () => {
    expect(klUpper(0, 100, 5)).toBeCloseTo(1 - Math.exp(-5 / 100), 9);
    expect(klLower(1, 100, 5)).toBeCloseTo(Math.exp(-5 / 100), 9);
    const lo = klLower(0.3, 50, 3);
    const hi = klUpper(0.3, 50, 3);
    expect(lo).toBeLessThan(0.3);
    expect(hi).toBeGreaterThan(0.3);
  });
});

describe('bad instances: one line naming what is wrong', () => {
  const message = (json: unknown): string => {
    try {
      parseInstance(json);
    } catch (e) {
      expect(e).toBeInstanceOf(MechanismInputError);
      expect((e as MechanismInputError).exitCode).toBe(2);
      return (e as Error).message;
    }
    throw new Error('accepted');
  };
  const base = (): Record<string, unknown> => single(0.1) as Record<string, unknown>;
  it('probabilities that do not sum to 1', () => {
    const j = base();
    (j.signalModel as { distribution: Record<string, { p: number }[]> }[])[0].distribution.L[0].p = 0.4;
    expect(message(j)).toBe('signalModel[0].distribution.L: probabilities sum to 0.9, not 1');
    expect(message({ ...base(), prior: [0.6, 0.6] })).toBe('prior: probabilities sum to 1.2, not 1');
  });
  it('shapes that disagree', () => {
    expect(message({ ...base(), prior: [1] })).toBe('prior: has 1 entries for 2 states');
    expect(message({ ...base(), decisions: { sayL: [1, 0, 0] } })).toBe('decisions.sayL: has 3 utilities for 2 states');
    const j = base();
    (j.signalModel as { profile: string[] }[])[1].profile = ['work', 'idle'];
    expect(message(j)).toBe('signalModel[1].profile: has 2 actions for 1 agents');
    const k = base();
    (k.signalModel as unknown[]).pop();
    expect(message(k)).toBe('signalModel: no distribution for profile [work]');
    const m = base();
    (m.signalModel as { distribution: Record<string, { signals: string[] }[]> }[])[1].distribution.L[0].signals = ['sX'];
    expect(message(m)).toMatch(/^signalModel\[1\]\.distribution\.L\[0\]\.signals\[0\]: unknown signal of a1 "sX"/);
  });
  it('missing keys and non-objects', () => {
    expect(message([])).toBe('instance: expected a JSON object');
    const { states: _s, ...rest } = base();
    expect(message(rest)).toBe('states: missing');
  });
});
