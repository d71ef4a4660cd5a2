/**
 * Estimates of what a `fedrank mechanism` evaluation allocates and computes, from its flags and
 * instance, checked before it starts (resource-limit.ts): facility searches (grid points, PF
 * groups, best-response searches, worst-case samples), the information-acquisition LP and the
 * online learner's rounds.
 */
import { optimalLpSize, type InfoInstance } from '@fedrank/mechanisms';
import { checkMemory, checkWork } from '../../resource-limit.js';

export interface Limits {
  memory: number;
  work: number;
}

const log2 = (n: number): number => Math.max(1, Math.log2(n));
const gridSize = (step: number): number => Math.floor(1 / step) + 2;

/** A facility evaluation of `n` agents with the given checks and search. */
export function checkFacilityCost(
  n: number,
  checks: readonly string[],
  search: { method: string; gridStep?: number },
  limits: Limits,
): void {
  if (search.gridStep !== undefined) {
    const pts = gridSize(search.gridStep);
    checkMemory('--grid-step', `a grid of ${pts.toPrecision(3)} points`, pts * 32, limits.memory);
  }
  if (checks.includes('axioms')) {
    // PF: every group of consecutive agents; a violating one lists its agents (n^3/6 indices at worst).
    checkMemory('--profile', `the PF check on ${n} agents (up to n^3/6 agent indices)`, (n ** 3 / 6) * 8, limits.memory);
  }
  if (checks.includes('strategyproofness') || checks.includes('equilibrium')) {
    const candidates =
      search.method === 'exact' ? 2 * n + 2 : Math.max(gridSize(search.gridStep ?? 0.01), search.method === 'grid' ? 0 : 2 * n + 2);
    const work = n * candidates * n * log2(n) * (checks.includes('equilibrium') ? 10 : 1);
    checkWork(
      '--profile',
      `the misreport search on ${n} agents (agents x candidate reports x n log n)`,
      work,
      limits.work,
      'raise it with --max-work',
    );
  }
}

/** --worst-case over the random family: samples x n log n. */
export function checkWorstCaseCost(n: number, samples: number, limits: Limits): void {
  checkWork('--samples', `the random family's work (samples x n log n)`, samples * n * log2(n), limits.work, 'raise it with --max-work');
}

/** The optimal-mechanism LP of an instance. Bytes per nonzero: the rows' index and value lists, their compaction and HiGHS's copy. */
export function checkLpCost(inst: InfoInstance, limits: Limits): void {
  const lp = optimalLpSize(inst);
  checkMemory(
    'instance',
    `the LP (${lp.columns.toPrecision(3)} variables, ${lp.rows.toPrecision(3)} constraints, ${lp.nonzeros.toPrecision(3)} nonzeros)`,
    lp.nonzeros * 64 + (lp.columns + lp.rows) * 64,
    limits.memory,
  );
}

/** The online learner: every round, plus the exploration rounds' Bayes values over signals and states. */
export function checkOnlineCost(inst: InfoInstance, horizon: number, explore: number, limits: Limits): void {
  const exploring = Math.min(horizon, explore * horizon ** (2 / 3));
  const work = horizon + exploring * inst.signals.size * inst.states.length;
  checkWork(
    '--horizon',
    `the online run's work (rounds + exploration rounds x signals x states)`,
    work,
    limits.work,
    'raise it with --max-work',
  );
}
