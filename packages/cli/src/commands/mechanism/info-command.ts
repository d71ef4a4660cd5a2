/**
 * `fedrank mechanism info-acquisition <instance>`: the optimal incentive-compatible mechanism of an instance
 * (LP, HiGHS), the IC check of a given mechanism, or the online explore-then-commit learner's regret
 * (Cacciamani, Castiglioni, Gatti). Prints one JSON object with --json, readable tables otherwise.
 */
import {
  givenMechanismReport,
  optimalMechanismReport,
  parseMechanism,
  readInstanceFile,
  readJsonFile,
  runOnline,
} from '@fedrank/mechanisms';
import type { Argv, CommandModule } from 'yargs';
import { CliError } from '../../user-error.js';
import { numberList } from './arguments.js';
import { infoText } from './info-text.js';
import { onlineText } from './online-text.js';
import { printJson, write } from './output.js';
import { checkLpCost, checkOnlineCost } from './limits.js';
import { startWorkMeter } from './work-meter.js';
import {
  memoryLimitBytes,
  withMemoryLimitOption,
  withWorkLimitOption,
  workLimit,
  type MemoryLimitArgs,
  type WorkLimitArgs,
} from '../../resource-limit.js';

interface InfoArgs extends MemoryLimitArgs, WorkLimitArgs {
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

export const infoCommand: CommandModule<object, InfoArgs> = {
  command: 'info-acquisition <instance>',
  describe: 'Optimal IC mechanism, IC check or online learning for hiring agents for information (Cacciamani, Castiglioni, Gatti)',
  builder: (y: Argv) =>
    withWorkLimitOption(withMemoryLimitOption(y))
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
      .option('json', { type: 'boolean', default: false, describe: 'print one JSON object instead of tables' })
      .group(['payment-cap', 'check-mechanism'], 'Offline:')
      .group(['online', 'horizon', 'seed', 'explore', 'delta', 'checkpoints'], 'Online (--online):')
      .group(['json', 'max-memory', 'max-work'], 'Output and limits:')
      .example('fedrank mechanism info-acquisition configs/mechanisms/crowding.json  # optimal IC mechanism', '')
      .example("fedrank mechanism info-acquisition I.json --online --horizon 10000  # the learner's regret", ''),
  handler: async (args) => {
    const cap = args['payment-cap'];
    if (cap !== undefined && !(Number.isFinite(cap) && cap >= 0))
      throw new CliError(`--payment-cap: ${cap} is not a non-negative number`, 'payment-cap');
    const inst = readInstanceFile(args.instance);
    const limits = { memory: memoryLimitBytes(args['max-memory']), work: workLimit(args['max-work']) };
    if (args.online) {
      if (args['check-mechanism'] !== undefined) throw new CliError('--online and --check-mechanism do not go together', 'online');
      const T = args.horizon;
      if (T === undefined || !(Number.isInteger(T) && T >= 1))
        throw new CliError('--online needs --horizon T, a positive integer', 'horizon');
      checkOnlineCost(inst, T, args.explore ?? 1, limits);
      const checkpoints = args.checkpoints !== undefined ? { checkpoints: numberList(args.checkpoints, 'checkpoints') } : {};
      const meter = startWorkMeter('exploring', { unit: ['exploration round', 'exploration rounds'] });
      const r = await runOnline(inst, {
        horizon: T,
        seed: args.seed,
        ...(args.explore !== undefined ? { explore: args.explore } : {}),
        ...(args.delta !== undefined ? { delta: args.delta } : {}),
        ...(cap !== undefined ? { paymentCap: cap } : {}),
        ...checkpoints,
        onProgress: meter.hook,
      }).finally(() => meter.close());
      if (args.json) printJson(r);
      else write(onlineText(r));
      return;
    }
    if (args['check-mechanism'] === undefined) checkLpCost(inst, limits);
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
