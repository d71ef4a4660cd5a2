/**
 * `fedrank mechanism facility`: location, welfare and cost ratios, IFS/UFS/proportionality/PF, and on request
 * strategyproofness and the best-response equilibrium of a facility-location mechanism on [0,1]
 * (Aziz, Lam, Lee, Walsh); or, with --worst-case, its worst-case ratios over a profile family.
 * Prints one JSON object with --json, readable tables otherwise.
 */
import {
  FACILITY_CHECKS,
  FACILITY_MECHANISMS,
  evaluateFacility,
  facilityMechanism,
  validateProfile,
  worstCaseSteps,
} from '@fedrank/mechanisms';
import type { Argv, CommandModule } from 'yargs';
import { CliError } from '../../user-error.js';
import { nonNegativeInt, numberList } from './arguments.js';
import { facilityText } from './facility-text.js';
import { printJson, write } from './output.js';
import { worstCaseText } from './worst-case-text.js';
import { checkFacilityCost, checkWorstCaseCost } from './limits.js';
import { startWorkMeter } from './work-meter.js';
import {
  memoryLimitBytes,
  withMemoryLimitOption,
  withWorkLimitOption,
  workLimit,
  type MemoryLimitArgs,
  type WorkLimitArgs,
} from '../../resource-limit.js';

interface FacilityArgs extends MemoryLimitArgs, WorkLimitArgs {
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

export const facilityCommand: CommandModule<object, FacilityArgs> = {
  command: 'facility',
  describe: 'Evaluate a facility-location mechanism on [0,1] (Aziz, Lam, Lee, Walsh)',
  builder: (y: Argv) =>
    withWorkLimitOption(withMemoryLimitOption(y))
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
      .option('json', { type: 'boolean', default: false, describe: 'print one JSON object instead of tables' })
      .group(['mechanism', 'profile', 'phantoms', 'f', 'm'], 'Mechanism and profile:')
      .group(['check', 'search', 'grid-step'], 'Checks:')
      .group(['worst-case', 'n', 'family', 'samples', 'seed'], 'Worst case:')
      .group(['json', 'max-memory', 'max-work'], 'Output and limits:')
      .example('fedrank mechanism facility --mechanism median --profile 0.1,0.4,0.9  # ratios and axioms', '')
      .example('fedrank mechanism facility --mechanism mean --worst-case -n 5  # worst-case ratios, 5 agents', ''),
  handler: async (args) => {
    const params = {
      ...(args.phantoms !== undefined ? { phantoms: numberList(args.phantoms, 'phantoms') } : {}),
      ...(args.f !== undefined ? { f: nonNegativeInt(args.f, 'f') } : {}),
      ...(args.m !== undefined ? { m: nonNegativeInt(args.m, 'm') } : {}),
    };
    const step = args['grid-step'];
    if (step !== undefined && !(step > 0 && step <= 1)) throw new CliError(`--grid-step: ${step} is not in (0, 1]`, 'grid-step');
    const limits = { memory: memoryLimitBytes(args['max-memory']), work: workLimit(args['max-work']) };
    if (args['worst-case']) {
      const n = args.n ?? (args.profile !== undefined ? numberList(args.profile, 'profile').length : undefined);
      if (n === undefined || !(Number.isInteger(n) && n >= 1)) throw new CliError('--worst-case needs --n, the number of agents', 'n');
      if (!(Number.isInteger(args.samples) && args.samples >= 1))
        throw new CliError(`--samples: ${args.samples} is not a positive integer`, 'samples');
      if (args.family === 'random') checkWorstCaseCost(n, args.samples, limits);
      else if (step !== undefined) checkFacilityCost(n, [], { method: 'grid', gridStep: step }, limits);
      const steps = worstCaseSteps(facilityMechanism(args.mechanism, params), n, {
        family: args.family,
        ...(step !== undefined ? { gridStep: step } : {}),
        samples: args.samples,
        seed: args.seed,
      });
      const meter = startWorkMeter('worst case', { unit: ['profile', 'profiles'] });
      const r = await meter.drive(steps).finally(() => meter.close());
      if (args.json) printJson(r);
      else write(worstCaseText(r));
      return;
    }
    if (args.profile === undefined) throw new CliError('--profile is required (agent locations x1,x2,... in [0,1])', 'profile');
    const profile = numberList(args.profile, 'profile');
    validateProfile(profile);
    const checks = args.check
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
    const search = { method: args.search, ...(step !== undefined ? { gridStep: step } : {}) };
    checkFacilityCost(profile.length, checks, search, limits);
    const r = evaluateFacility({ mechanism: args.mechanism, profile, ...params, checks, search });
    if (args.json) printJson(r);
    else write(facilityText(r));
  },
};
