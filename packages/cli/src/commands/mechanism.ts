/**
 * `fedrank mechanism facility|info-acquisition`: the mechanism evaluators of @fedrank/mechanisms.
 *   facility:          location, welfare and cost ratios, IFS/UFS/proportionality/PF, and on
 *                      request strategyproofness and the best-response equilibrium
 *                      (Aziz, Lam, Lee, Walsh); or worst-case ratios over a profile family.
 *   info-acquisition:  the optimal IC mechanism of an instance (LP, HiGHS), the IC check of a
 *                      given mechanism, or the online explore-then-commit learner's regret
 *                      (Cacciamani, Castiglioni, Gatti).
 * Prints one JSON object with --json, readable tables otherwise.
 */
import {
  FACILITY_CHECKS,
  FACILITY_MECHANISMS,
  type FacilityEvaluation,
  type InfoReport,
  type OnlineReport,
  type WorstCaseReport,
  evaluateFacility,
  facilityMechanism,
  givenMechanismReport,
  optimalMechanismReport,
  parseMechanism,
  readInstanceFile,
  readJsonFile,
  runOnline,
  validateProfile,
  worstCaseRatios,
} from '@fedrank/mechanisms';
import type { Argv, CommandModule } from 'yargs';
import { CliError } from '../user-error.js';

// ---------------------------------------------------------------- argument helpers

function numberList(text: string, flag: string): number[] {
  const parts = text.split(',').map((s) => s.trim());
  if (parts.length === 1 && parts[0] === '') return [];
  return parts.map((s) => {
    const x = Number(s);
    if (s === '' || !Number.isFinite(x)) throw new CliError(`--${flag}: "${s}" is not a number`, flag);
    return x;
  });
}

function nonNegativeInt(x: number | undefined, flag: string): number | undefined {
  if (x === undefined) return undefined;
  if (!(Number.isInteger(x) && x >= 0)) throw new CliError(`--${flag}: ${x} is not a non-negative integer`, flag);
  return x;
}

function write(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

function printJson(value: unknown): void {
  write(JSON.stringify(value, null, 2));
}

const fmt = (x: number | null | undefined, digits = 6): string => {
  if (x === null || x === undefined) return '-';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : x < 0 ? '-inf' : 'nan';
  return Number(x.toPrecision(digits)).toString();
};

/** Left-aligned columns separated by two spaces. */
export function table(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, k) => (widths[k] = Math.max(widths[k] ?? 0, c.length)));
  return rows.map((r) => r.map((c, k) => (k === r.length - 1 ? c : c.padEnd(widths[k]))).join('  ')).join('\n');
}

// ---------------------------------------------------------------- facility

interface FacilityArgs {
  mechanism: string;
  profile?: string;
  phantoms?: string;
  f?: number;
  m?: number;
  check: string;
  search: 'auto' | 'exact' | 'grid';
  'grid-step'?: number;
  'worst-case': boolean;
  n?: number;
  family: 'grid' | 'random';
  samples: number;
  seed: number;
  json: boolean;
}

function facilityText(r: FacilityEvaluation): string {
  const out: string[] = [];
  out.push(
    table([
      ['mechanism', r.mechanism],
      ['profile', r.profile.map((x) => fmt(x)).join(', ')],
      ['location', fmt(r.location)],
    ]),
  );
  out.push('');
  out.push(table([['agent', 'location', 'utility'], ...r.profile.map((x, i) => [String(i), fmt(x), fmt(r.utilities[i])])]));
  out.push('');
  out.push(
    table([
      ['', 'mechanism', 'optimum', 'ratio'],
      ['social welfare', fmt(r.socialWelfare), fmt(r.optimalWelfare), `${fmt(r.welfareRatio)} (optimum / mechanism)`],
      ['total cost', fmt(r.totalCost), fmt(r.optimalTotalCost), fmt(r.totalCostRatio)],
      ['max cost', fmt(r.maxCost), fmt(r.optimalMaxCost), fmt(r.maxCostRatio)],
    ]),
  );
  out.push('');
  const v = r.axioms.violations;
  out.push(
    table([
      ['axiom', 'holds', 'violations'],
      [
        'IFS',
        r.axioms.ifs ? 'yes' : 'no',
        v.ifs.map((x) => `agent ${x.agent} at ${fmt(x.location)}: utility ${fmt(x.utility)} < 1/n by ${fmt(x.amount)}`).join('; '),
      ],
      [
        'UFS',
        r.axioms.ufs ? 'yes' : 'no',
        v.ufs
          .map((x) => `${x.size} agent(s) at ${fmt(x.location)}: distance ${fmt(x.distance)} > ${fmt(x.allowed)} by ${fmt(x.amount)}`)
          .join('; '),
      ],
      [
        'proportionality',
        r.axioms.proportionality ? 'yes' : 'no',
        r.axioms.proportionalityApplies
          ? v.proportionality
              .map((x) => `${x.agentsAtOne} agent(s) at 1: location should be ${fmt(x.required)}, off by ${fmt(x.amount)}`)
              .join('; ')
          : '(vacuous: not every agent is at 0 or 1)',
      ],
      [
        'PF',
        r.axioms.pf ? 'yes' : 'no',
        v.pf
          .slice(0, 3)
          .map(
            (x) =>
              `agents ${x.agents.join(',')} on [${fmt(x.from)}, ${fmt(x.to)}]: utility ${fmt(x.worstUtility)} < ${fmt(x.required)} by ${fmt(x.amount)}`,
          )
          .join('; ') + (v.pf.length > 3 ? `; ... (${v.pf.length} groups)` : ''),
      ],
    ]),
  );
  if (r.strategyproof !== undefined) {
    out.push('');
    const how =
      r.strategyproofnessSearch?.method === 'grid'
        ? `grid search, step ${fmt(r.strategyproofnessSearch.gridStep)}`
        : 'exact search at breakpoints';
    const d = r.bestDeviation;
    out.push(
      r.strategyproof || !d
        ? `strategyproof at this profile: yes (${how})`
        : `strategyproof at this profile: no (${how}): agent ${d.agent} at ${fmt(d.truth)} reports ${fmt(d.misreport)}, location ${fmt(d.truthfulOutcome)} -> ${fmt(d.deviationOutcome)}, gain ${fmt(d.gain)}`,
    );
  }
  if (r.equilibrium) {
    const e = r.equilibrium;
    out.push('');
    out.push(
      `equilibrium (best-response dynamics, ${e.converged ? `converged in ${e.rounds} round(s)` : `not converged after ${e.rounds} rounds`}): reports ${e.reports.map((x) => fmt(x)).join(', ')} -> location ${fmt(e.location)}; Uniform Phantom on the true profile: ${fmt(e.uniformPhantomLocation)}${e.continuous ? '' : ' (mechanism not continuous)'}`,
    );
  }
  return out.join('\n');
}

function worstCaseText(r: WorstCaseReport): string {
  const row = (name: string, w: WorstCaseReport['welfareRatio']): string[] => [
    name,
    fmt(w.value),
    w.profile.map((x) => fmt(x)).join(', '),
    fmt(w.location),
  ];
  return [
    `worst case of ${r.mechanism} over ${r.profilesChecked} ${r.family} profiles with n = ${r.n}`,
    '',
    table([
      ['ratio', 'worst', 'profile', 'location'],
      row('welfare (optimum / mechanism)', r.welfareRatio),
      row('total cost (mechanism / optimum)', r.totalCostRatio),
      row('max cost (mechanism / optimum)', r.maxCostRatio),
    ]),
  ].join('\n');
}

const facilityCommand: CommandModule<object, FacilityArgs> = {
  command: 'facility',
  describe: 'Evaluate a facility-location mechanism on [0,1] (Aziz, Lam, Lee, Walsh)',
  builder: (y: Argv) =>
    y
      .option('mechanism', {
        type: 'string',
        demandOption: true,
        choices: FACILITY_MECHANISMS,
        describe: 'mechanism or 1-D aggregation rule',
      })
      .option('profile', { type: 'string', describe: 'agent locations in [0,1]: x1,x2,...' })
      .option('phantoms', { type: 'string', describe: 'phantom locations for generalized-median: p1,p2,...' })
      .option('f', { type: 'number', describe: 'trimmed/tolerated reports for trimmed-mean, krum, multi-krum (default 0)' })
      .option('m', { type: 'number', describe: 'reports averaged by multi-krum (default n - f)' })
      .option('check', { type: 'string', default: 'axioms', describe: `comma-separated: ${FACILITY_CHECKS.join(', ')}` })
      .option('search', {
        choices: ['auto', 'exact', 'grid'] as const,
        default: 'auto' as const,
        describe: 'misreport search: exact at breakpoints (piecewise-linear mechanisms) or grid',
      })
      .option('grid-step', { type: 'number', describe: 'grid step for grid searches and the worst-case grid family (default 0.01 / 0.05)' })
      .option('worst-case', { type: 'boolean', default: false, describe: 'search the worst-case ratios over a profile family instead' })
      .option('n', { type: 'number', describe: 'number of agents for --worst-case' })
      .option('family', { choices: ['grid', 'random'] as const, default: 'grid' as const, describe: 'profile family for --worst-case' })
      .option('samples', { type: 'number', default: 10000, describe: 'profiles drawn by the random family' })
      .option('seed', { type: 'number', default: 0, describe: 'seed of the random family' })
      .option('json', { type: 'boolean', default: false, describe: 'print one JSON object' }) as unknown as Argv<FacilityArgs>,
  handler: (args) => {
    const params = {
      ...(args.phantoms !== undefined ? { phantoms: numberList(args.phantoms, 'phantoms') } : {}),
      ...(args.f !== undefined ? { f: nonNegativeInt(args.f, 'f') } : {}),
      ...(args.m !== undefined ? { m: nonNegativeInt(args.m, 'm') } : {}),
    };
    const step = args['grid-step'];
    if (step !== undefined && !(step > 0 && step <= 1)) throw new CliError(`--grid-step: ${step} is not in (0, 1]`, 'grid-step');
    if (args['worst-case']) {
      const n = args.n ?? (args.profile !== undefined ? numberList(args.profile, 'profile').length : undefined);
      if (n === undefined || !(Number.isInteger(n) && n >= 1)) throw new CliError('--worst-case needs --n, the number of agents', 'n');
      const r = worstCaseRatios(facilityMechanism(args.mechanism, params), n, {
        family: args.family,
        ...(step !== undefined ? { gridStep: step } : {}),
        samples: args.samples,
        seed: args.seed,
      });
      if (args.json) printJson(r);
      else write(worstCaseText(r));
      return;
    }
    if (args.profile === undefined) throw new CliError('--profile is required (agent locations x1,x2,... in [0,1])', 'profile');
    const profile = numberList(args.profile, 'profile');
    validateProfile(profile);
    const r = evaluateFacility({
      mechanism: args.mechanism,
      profile,
      ...params,
      checks: args.check
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== ''),
      search: { method: args.search, ...(step !== undefined ? { gridStep: step } : {}) },
    });
    if (args.json) printJson(r);
    else write(facilityText(r));
  },
};

// ---------------------------------------------------------------- information acquisition

interface InfoArgs {
  instance: string;
  'payment-cap'?: number;
  'check-mechanism'?: string;
  online: boolean;
  horizon?: number;
  seed: number;
  explore?: number;
  delta?: number;
  checkpoints?: string;
  json: boolean;
}

function infoText(r: InfoReport): string {
  const out: string[] = [];
  out.push(
    table([
      ...(r.instance !== undefined ? [['instance', r.instance]] : []),
      ['mechanism', r.mechanism === 'optimal' ? 'optimal incentive-compatible (LP, HiGHS)' : 'given'],
      ['value', `${fmt(r.value)} (principal's expected utility: decision value ${fmt(r.decisionValue)} - payments)`],
      ['expected payment', fmt(r.expectedPayment)],
      ...(r.valueUnderResponse !== undefined ? [['value if agents best-respond', fmt(r.valueUnderResponse)]] : []),
      ...(r.paymentCap !== undefined ? [['payment cap', fmt(r.paymentCap)]] : []),
      ...(r.attained === false
        ? [
            [
              'attained',
              `no: the value is a supremum; the mechanism below (payments <= ${fmt(r.approachCap)}) gets ${fmt(r.attainedValue)}`,
            ],
          ]
        : []),
    ]),
  );
  out.push('');
  out.push(table([['recommended profile', 'probability'], ...r.recommendation.map((x) => [x.profile.join(', '), fmt(x.p)])]));
  out.push('');
  out.push(
    r.payments.length === 0
      ? 'payments: none'
      : table([
          ['agent', 'profile', 'reported signals', 'state', 'payment'],
          ...r.payments.map((p) => [p.agent, p.profile.join(', '), p.signals.join(', '), p.state, fmt(p.amount)]),
        ]),
  );
  out.push('');
  out.push(`incentive compatible: ${r.ic.ic ? 'yes' : 'no'} (smallest slack ${fmt(r.ic.minSlack)})`);
  out.push(
    table([
      ['agent', 'recommended', 'deviation', 'kind', 'reports', 'honest', 'deviating', 'slack'],
      ...r.ic.deviations.map((d) => [
        d.agent,
        d.recommended,
        d.deviation,
        d.kind,
        Object.entries(d.reports)
          .map(([s, t]) => `${s}->${t}`)
          .join(' '),
        fmt(d.honestUtility),
        fmt(d.deviationUtility),
        fmt(d.slack),
      ]),
    ]),
  );
  return out.join('\n');
}

function onlineText(r: OnlineReport): string {
  return [
    table([
      ['horizon', String(r.horizon)],
      ['seed', String(r.seed)],
      ['exploration rounds', `${r.explorationRounds} (${r.roundsPerProfile} per profile)`],
      ['optimum per round', fmt(r.optimum)],
      ...(r.committed === null
        ? [['committed mechanism', 'none: exploration fills the horizon']]
        : [
            [
              'committed mechanism',
              `true value ${fmt(r.committed.trueValue)} per round (planned ${fmt(r.committed.plannedValue)}), IC under the true model: ${r.committed.icUnderTruth ? 'yes' : `no (${r.committed.worstDeviation?.agent} gains ${fmt(-(r.committed.worstDeviation?.slack ?? 0))} by a ${r.committed.worstDeviation?.kind})`}`,
            ],
            ['recommends', r.committed.recommendation.map((x) => `[${x.profile.join(', ')}] ${fmt(x.p, 4)}`).join('; ')],
          ]),
      ['largest confidence width', fmt(r.maxWidth)],
    ]),
    '',
    table([['t', 'cumulative regret', 'regret / t'], ...r.checkpoints.map((c) => [String(c.t), fmt(c.regret), fmt(c.regret / c.t)])]),
  ].join('\n');
}

const infoCommand: CommandModule<object, InfoArgs> = {
  command: 'info-acquisition <instance>',
  describe: 'Optimal IC mechanism, IC check or online learning for hiring agents for information (Cacciamani, Castiglioni, Gatti)',
  builder: (y: Argv) =>
    y
      .positional('instance', { type: 'string', demandOption: true, describe: 'instance JSON file' })
      .option('payment-cap', { type: 'number', describe: 'upper bound on every payment' })
      .option('check-mechanism', { type: 'string', describe: 'check this mechanism (JSON) instead of computing the optimum' })
      .option('online', {
        type: 'boolean',
        default: false,
        describe: 'run the explore-then-commit learner on unknown signal distributions',
      })
      .option('horizon', { type: 'number', describe: 'rounds T of the online run' })
      .option('seed', { type: 'number', default: 0, describe: 'seed of the online run' })
      .option('explore', { type: 'number', describe: 'exploration scale c: about c T^(2/3) exploration rounds (default 1)' })
      .option('delta', { type: 'number', describe: 'failure probability of the confidence bounds (default 0.05)' })
      .option('checkpoints', { type: 'string', describe: 'rounds at which to report the regret: t1,t2,... (default powers of 10)' })
      .option('json', { type: 'boolean', default: false, describe: 'print one JSON object' }) as unknown as Argv<InfoArgs>,
  handler: async (args) => {
    const cap = args['payment-cap'];
    if (cap !== undefined && !(Number.isFinite(cap) && cap >= 0))
      throw new CliError(`--payment-cap: ${cap} is not a non-negative number`, 'payment-cap');
    const inst = readInstanceFile(args.instance);
    if (args.online) {
      if (args['check-mechanism'] !== undefined) throw new CliError('--online and --check-mechanism do not go together', 'online');
      const T = args.horizon;
      if (T === undefined || !(Number.isInteger(T) && T >= 1))
        throw new CliError('--online needs --horizon T, a positive integer', 'horizon');
      const r = await runOnline(inst, {
        horizon: T,
        seed: args.seed,
        ...(args.explore !== undefined ? { explore: args.explore } : {}),
        ...(args.delta !== undefined ? { delta: args.delta } : {}),
        ...(cap !== undefined ? { paymentCap: cap } : {}),
        ...(args.checkpoints !== undefined ? { checkpoints: numberList(args.checkpoints, 'checkpoints') } : {}),
      });
      if (args.json) printJson(r);
      else write(onlineText(r));
      return;
    }
    const r =
      args['check-mechanism'] !== undefined
        ? givenMechanismReport(inst, parseMechanismFile(inst, args['check-mechanism']))
        : await optimalMechanismReport(inst, cap !== undefined ? { paymentCap: cap } : {});
    if (args.json) printJson(r);
    else write(infoText(r));
  },
};

function parseMechanismFile(inst: Parameters<typeof parseMechanism>[0], path: string): ReturnType<typeof parseMechanism> {
  const json = readJsonFile(path, 'check-mechanism');
  try {
    return parseMechanism(inst, json);
  } catch (e) {
    if (e instanceof Error && 'exitCode' in e) throw new CliError(`${path}: ${e.message}`, 'check-mechanism');
    throw e;
  }
}

// ---------------------------------------------------------------- the command

export const mechanismCommand: CommandModule<object, object> = {
  command: 'mechanism',
  describe: 'Mechanism evaluators: fair facility location, hiring agents for information',
  builder: (y) =>
    y.command(facilityCommand).command(infoCommand).demandCommand(1, 'Name a mechanism command: facility or info-acquisition'),
  handler: () => undefined,
};
