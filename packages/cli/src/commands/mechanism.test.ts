/**
 * `fedrank mechanism ...` parsed in-process by yargs with the same failure handling as bin.ts.
 */
import { resolve } from 'node:path';
import yargs from 'yargs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { isUserFacingError } from '../user-error.js';
import { mechanismCommand } from './mechanism.js';

const repo = resolve(__dirname, '../../../..');
const cfg = (name: string): string => resolve(repo, 'configs/mechanisms', name);

interface Result {
  out: string;
  code: number;
  error?: string;
}

async function cli(args: string[]): Promise<Result> {
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  try {
    await yargs(args)
      .command(mechanismCommand)
      .strict()
      .exitProcess(false)
      .fail((msg, err) => {
        throw err ?? Object.assign(new Error(msg), { exitCode: 2 });
      })
      .parseAsync();
    return { out, code: 0 };
  } catch (e) {
    if (isUserFacingError(e)) return { out, code: e.exitCode, error: e.message };
    throw e;
  } finally {
    spy.mockRestore();
  }
}

afterEach(() => vi.restoreAllMocks());

describe('fedrank mechanism facility', () => {
  it('prints the JSON object of the issue for Uniform Phantom on (0.1, 0.2, 0.9)', async () => {
    const r = await cli([
      'mechanism',
      'facility',
      '--mechanism',
      'uniform-phantom',
      '--profile',
      '0.1,0.2,0.9',
      '--check',
      'axioms,strategyproofness,equilibrium',
      '--json',
    ]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as Record<string, unknown> & { axioms: Record<string, unknown>; equilibrium: { location: number } };
    for (const k of [
      'location',
      'utilities',
      'socialWelfare',
      'totalCost',
      'maxCost',
      'welfareRatio',
      'totalCostRatio',
      'axioms',
      'strategyproof',
      'bestDeviation',
      'equilibrium',
    ]) {
      expect(j, k).toHaveProperty(k);
    }
    expect(Math.abs((j.location as number) - 1 / 3)).toBeLessThan(1e-9);
    expect(Math.abs((j.welfareRatio as number) - 33 / 31)).toBeLessThan(1e-9);
    expect(j.axioms).toMatchObject({ ifs: true, ufs: true, proportionality: true, pf: true });
    expect(j.strategyproof).toBe(true);
    expect(j.bestDeviation).toBeNull();
    expect(Math.abs(j.equilibrium.location - 1 / 3)).toBeLessThan(1e-9);
  });

  it('reports the median failing IFS in a readable table', async () => {
    const r = await cli(['mechanism', 'facility', '--mechanism', 'median', '--profile', '0.1,0.2,0.9']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/location\s+0\.2\n/);
    expect(r.out).toMatch(/IFS\s+no\s+agent 2 at 0\.9: utility 0\.3 < 1\/n by 0\.0333333/);
  });

  it('finds the average manipulable and runs the worst-case search', async () => {
    const r = await cli([
      'mechanism',
      'facility',
      '--mechanism',
      'average',
      '--profile',
      '0.1,0.2,0.9',
      '--check',
      'strategyproofness',
      '--json',
    ]);
    expect(JSON.parse(r.out)).toMatchObject({ strategyproof: false, bestDeviation: { agent: 1, misreport: 0 } });
    const w = await cli([
      'mechanism',
      'facility',
      '--mechanism',
      'uniform-phantom',
      '--worst-case',
      '--n',
      '3',
      '--grid-step',
      '0.1',
      '--json',
    ]);
    expect(JSON.parse(w.out)).toMatchObject({ n: 3, family: 'grid', profilesChecked: 286 });
  });

  it('bad input: one line naming what is wrong, exit code 2', async () => {
    expect(await cli(['mechanism', 'facility', '--mechanism', 'median', '--profile', '0.2,1.5'])).toMatchObject({
      code: 2,
      error: 'profile[1] = 1.5 is outside [0, 1]',
    });
    expect(await cli(['mechanism', 'facility', '--mechanism', 'median', '--profile', ''])).toMatchObject({
      code: 2,
      error: 'profile is empty: give at least one location',
    });
    expect(await cli(['mechanism', 'facility', '--mechanism', 'median', '--profile', '0.2,x'])).toMatchObject({
      code: 2,
      error: '--profile: "x" is not a number',
    });
    expect((await cli(['mechanism', 'facility', '--mechanism', 'median'])).error).toMatch(/--profile is required/);
    expect((await cli(['mechanism', 'facility', '--mechanism', 'mode', '--profile', '0.1'])).code).toBe(2);
  });
});

describe('fedrank mechanism info-acquisition', () => {
  it('solves the single-agent instance: 0.8 at cost 0.1, 0.5 at cost 0.3', async () => {
    const r = await cli(['mechanism', 'info-acquisition', cfg('single-agent-cost-0.1.json'), '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as Record<string, unknown>;
    for (const k of ['value', 'expectedPayment', 'recommendation', 'payments', 'ic']) expect(j, k).toHaveProperty(k);
    expect(j).toMatchObject({ value: 0.8, expectedPayment: 0.2, ic: { ic: true } });
    const r3 = JSON.parse((await cli(['mechanism', 'info-acquisition', cfg('single-agent-cost-0.3.json'), '--json'])).out) as Record<
      string,
      unknown
    >;
    expect(r3).toMatchObject({ value: 0.5, expectedPayment: 0 });
    const text = (await cli(['mechanism', 'info-acquisition', cfg('single-agent-cost-0.1.json')])).out;
    expect(text).toMatch(/incentive compatible: yes/);
  });

  it('checks a given scoring rule and applies a payment cap', async () => {
    const r = await cli([
      'mechanism',
      'info-acquisition',
      cfg('single-agent-cost-0.1.json'),
      '--check-mechanism',
      cfg('single-agent-pay-0.19.mechanism.json'),
      '--json',
    ]);
    expect(JSON.parse(r.out)).toMatchObject({ mechanism: 'given', ic: { ic: false, minSlack: -0.005 } });
    const capped = await cli(['mechanism', 'info-acquisition', cfg('single-agent-cost-0.1.json'), '--payment-cap', '0.1', '--json']);
    expect(JSON.parse(capped.out)).toMatchObject({ value: 0.5, paymentCap: 0.1 });
  });

  it('runs the online learner and prints the regret at checkpoints', async () => {
    const r = await cli([
      'mechanism',
      'info-acquisition',
      cfg('two-specialists.json'),
      '--online',
      '--horizon',
      '10000',
      '--seed',
      '1',
      '--json',
    ]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as { checkpoints: { t: number; regret: number }[]; horizon: number };
    expect(j.horizon).toBe(10000);
    expect(j.checkpoints.map((c) => c.t)).toEqual([10, 100, 468, 1000, 10000]);
  });

  it('bad input: one line, exit code 2', async () => {
    const missing = await cli(['mechanism', 'info-acquisition', cfg('nope.json')]);
    expect(missing.code).toBe(2);
    expect(missing.error).toMatch(/nope\.json: cannot read \(ENOENT\)/);
    const noT = await cli(['mechanism', 'info-acquisition', cfg('two-specialists.json'), '--online']);
    expect(noT).toMatchObject({ code: 2, error: '--online needs --horizon T, a positive integer' });
  });
});
