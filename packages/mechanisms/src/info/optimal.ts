/**
 * Optimal incentive-compatible mechanism as a linear program (Cacciamani, Castiglioni, Gatti,
 * section 5). Variables: φ(a) >= 0 with Σ_a φ(a) = 1; z_i(a, s, θ) = φ(a) p_i(a, s, θ) >= 0 (the
 * product makes the program linear); y_{i,r,b,s_i} >= the payoff of agent i's best report on
 * signal s_i when recommended r and playing b.
 *   max  Σ_a φ(a) V(a) - Σ_i Σ_{a,s,θ} μ(θ) q(s|θ,a) z_i(a, s, θ)
 *   s.t. y_{i,r,b,s_i} >= Σ_{a: a_i = r} Σ_θ μ(θ) Σ_{s_-i} q((s_i,s_-i)|θ,(b,a_-i)) z_i(a, (t,s_-i), θ)
 *                                                                     for every report t
 *        Σ_{a: a_i = r} [Σ_θ μ(θ) Σ_s q(s|θ,a) z_i(a,s,θ) - φ(a) c_i(r)]
 *            >= Σ_{s_i} y_{i,r,b,s_i} - Σ_{a: a_i = r} φ(a) c_i(b)           for all b != r
 *        Σ_{a: a_i = r} Σ_θ Σ_{s_-i} μ(θ) q(s|θ,a) [z_i(a,s,θ) - z_i(a,(t,s_-i),θ)] >= 0
 *                                              for every s_i and t != s_i (truthful after obeying)
 *        z_i(a, s, θ) <= M φ(a)                                       (optional payment cap M)
 * V(a) is the Bayes decision value (mechanism.ts); p = z / φ on recommended profiles.
 * Without a cap the optimum may be a supremum approached by ever rarer, ever larger payments;
 * `attained` says whether the extracted mechanism reaches the LP value and is IC.
 *
 * Robust variant (for the online learner): when q is an estimate with entry-wise confidence
 * bounds qLow <= q <= qHigh, the effort rows (b != r) weight honest payments with qLow and
 * deviation payments with qHigh. Since z >= 0, they then hold for every q inside the bounds: no
 * agent gains by changing its effort (with any reports). The lie-after-obeying rows keep the
 * estimate: exact robustness there is impossible whenever a signal that is impossible under the
 * recommended action is possible under another (the agent might see it and must then be paid
 * for it as for any other report, which pays the shirker too), so they hold for q̂ and a lie can
 * pay only on signals whose probability is within the confidence width.
 */
import type { InfoInstance } from './instance.js';
import { type LinearProgram, type LpRow, solveLp } from './lp.js';
import { type InfoMechanism, bayesDecisions, decisionValues, payIndex } from './mechanism.js';
import { checkIc } from './ic.js';
import { evaluateMechanism } from './strategies.js';
import { MechanismInputError } from '../errors.js';

export interface DesignOptions {
  /** Signal model to design against (default: the instance's own q). */
  q?: Float64Array;
  /** Lower confidence bound on q, used for the honest payoff in the IC rows (robust design). */
  qLow?: Float64Array;
  /** Upper confidence bound on q, used for the deviation payoffs in the IC rows (robust design). */
  qHigh?: Float64Array;
  /** Upper bound on every payment (default: the instance's paymentCap, else none). */
  paymentCap?: number;
}

export interface DesignResult {
  /** The LP optimum: the principal's expected utility (decision value minus payments). */
  value: number;
  decisionValue: number;
  expectedPayment: number;
  /** The extracted mechanism reaches the LP value and is IC (false: the value is a supremum). */
  attained: boolean;
  /** When not attained: the value of the returned mechanism, designed under `approachCap`. */
  attainedValue?: number;
  approachCap?: number;
  paymentCap?: number;
  mechanism: InfoMechanism;
}

/**
 * Solves the LP. Without a payment cap, an optimum whose extracted mechanism is not attained
 * (payments left on profiles recommended with probability 0) is re-solved with caps M = 10 and
 * 10^3 (times the utility scale): if a capped program reaches the same value (to 1e-9), its
 * mechanism attains the optimum; otherwise the result says `attained: false`, keeps the uncapped
 * value (a supremum, approached as M grows) and returns the mechanism of the largest cap with
 * its `attainedValue` and `approachCap`.
 */
export async function optimalMechanism(inst: InfoInstance, options: DesignOptions = {}): Promise<DesignResult> {
  const cap = options.paymentCap ?? inst.paymentCap;
  if (cap !== undefined && !(cap >= 0 && Number.isFinite(cap))) {
    throw new MechanismInputError(`payment cap ${cap} is not a non-negative number`, 'paymentCap');
  }
  const first = await solveDesign(inst, options, cap);
  if (first.attained || cap !== undefined) return first;
  const flat = inst.utility.flat();
  const scale = Math.max(...flat) - Math.min(...flat) + Math.max(...inst.agents.flatMap((a) => a.costs)) + 1e-9;
  let last = first;
  for (const m of [10, 1e3]) {
    last = await solveDesign(inst, options, m * scale);
    if (last.attained && last.value >= first.value - 1e-9 * Math.max(1, Math.abs(first.value))) {
      const { paymentCap: _unused, ...rest } = last;
      return rest;
    }
  }
  return { ...first, mechanism: last.mechanism, attained: false, attainedValue: last.value, approachCap: last.paymentCap };
}

async function solveDesign(inst: InfoInstance, options: DesignOptions, cap: number | undefined): Promise<DesignResult> {
  const q = options.q ?? inst.q;
  const qLow = options.qLow ?? q;
  const qHigh = options.qHigh ?? q;
  const nA = inst.profiles.size;
  const nS = inst.signals.size;
  const nT = inst.states.length;
  const n = inst.agents.length;
  const zBlock = nA * nS * nT;
  const decision = bayesDecisions(inst, q);
  const V = decisionValues(inst, decision, q);

  // column layout
  const zOff = nA;
  const zCol = (i: number, a: number, s: number, t: number): number => zOff + i * zBlock + payIndex(inst, a, s, t);
  const yOff: number[] = [];
  let next = zOff + n * zBlock;
  inst.agents.forEach((ag) => {
    yOff.push(next);
    next += ag.actions.length * ag.actions.length * ag.signals.length;
  });
  const yCol = (i: number, r: number, b: number, si: number): number => {
    const ag = inst.agents[i];
    return yOff[i] + (r * ag.actions.length + b) * ag.signals.length + si;
  };
  const numCols = next;

  const colCost = new Array<number>(numCols).fill(0);
  const colLower = new Array<number>(numCols).fill(0);
  const colUpper = new Array<number>(numCols).fill(Infinity);
  for (let a = 0; a < nA; a++) colCost[a] = V[a];
  for (let i = 0; i < n; i++)
    for (let a = 0; a < nA; a++)
      for (let t = 0; t < nT; t++) for (let s = 0; s < nS; s++) colCost[zCol(i, a, s, t)] = -inst.prior[t] * q[(a * nT + t) * nS + s];

  const rows: LpRow[] = [];
  rows.push({ indices: [...Array(nA).keys()], values: new Array<number>(nA).fill(1), lower: 1, upper: 1 });

  for (let i = 0; i < n; i++) {
    const ag = inst.agents[i];
    const nSi = ag.signals.length;
    ag.actions.forEach((_, r) => {
      const recommended: number[] = [];
      for (let a = 0; a < nA; a++) if (inst.profiles.digit(a, i) === r) recommended.push(a);
      // truthful reporting after obeying, signal by signal: for every s_i and lie t != s_i
      //   Σ_{a: a_i = r} Σ_θ Σ_{s_-i} μ(θ) q(s|θ,a) [z_i(a,s,θ) - z_i(a,(t,s_-i),θ)] >= 0
      for (let si = 0; si < nSi; si++) {
        for (let ti = 0; ti < nSi; ti++) {
          if (ti === si) continue;
          const row: LpRow = { indices: [], values: [], lower: 0, upper: Infinity };
          for (const a of recommended) {
            for (let t = 0; t < nT; t++) {
              for (let s = 0; s < nS; s++) {
                if (inst.signals.digit(s, i) !== si) continue;
                const p = inst.prior[t] * q[(a * nT + t) * nS + s];
                if (p === 0) continue;
                row.indices.push(zCol(i, a, s, t), zCol(i, a, inst.signals.replace(s, i, ti), t));
                row.values.push(p, -p);
              }
            }
          }
          if (row.indices.length > 0) rows.push(row);
        }
      }
      ag.actions.forEach((__, b) => {
        if (b === r) return;
        // best-report rows
        for (let si = 0; si < nSi; si++) {
          for (let ti = 0; ti < nSi; ti++) {
            const row: LpRow = { indices: [yCol(i, r, b, si)], values: [-1], lower: -Infinity, upper: 0 };
            for (const a of recommended) {
              const dev = inst.profiles.replace(a, i, b);
              for (let t = 0; t < nT; t++) {
                for (let s = 0; s < nS; s++) {
                  if (inst.signals.digit(s, i) !== si) continue;
                  const p = inst.prior[t] * qHigh[(dev * nT + t) * nS + s];
                  if (p === 0) continue;
                  row.indices.push(zCol(i, a, inst.signals.replace(s, i, ti), t));
                  row.values.push(p);
                }
              }
            }
            rows.push(row);
          }
        }
        // IC row: honest payoff - best deviation payoff >= 0
        const row: LpRow = { indices: [], values: [], lower: 0, upper: Infinity };
        for (const a of recommended) {
          row.indices.push(a);
          row.values.push(ag.costs[b] - ag.costs[r]);
          for (let t = 0; t < nT; t++) {
            for (let s = 0; s < nS; s++) {
              const p = inst.prior[t] * qLow[(a * nT + t) * nS + s];
              if (p === 0) continue;
              row.indices.push(zCol(i, a, s, t));
              row.values.push(p);
            }
          }
        }
        for (let si = 0; si < nSi; si++) {
          row.indices.push(yCol(i, r, b, si));
          row.values.push(-1);
        }
        rows.push(row);
      });
    });
    for (let a = 0; a < nA; a++) {
      for (let t = 0; t < nT; t++) {
        for (let s = 0; s < nS; s++) {
          if (cap !== undefined) rows.push({ indices: [zCol(i, a, s, t), a], values: [1, -cap], lower: -Infinity, upper: 0 });
        }
      }
    }
  }

  const lp: LinearProgram = { maximize: true, colCost, colLower, colUpper, rows };
  const sol = await solveLp(lp);
  const x = sol.x;

  // extract φ and p = z / φ
  const recommendation = new Float64Array(nA);
  let total = 0;
  for (let a = 0; a < nA; a++) {
    recommendation[a] = x[a] > 1e-12 ? x[a] : 0;
    total += recommendation[a];
  }
  for (let a = 0; a < nA; a++) recommendation[a] /= total;
  const payments = inst.agents.map(() => new Float64Array(zBlock));
  let decisionValue = 0;
  let expectedPayment = 0;
  for (let a = 0; a < nA; a++) decisionValue += x[a] * V[a];
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < nA; a++) {
      for (let t = 0; t < nT; t++) {
        for (let s = 0; s < nS; s++) {
          const z = Math.max(0, x[zCol(i, a, s, t)]);
          expectedPayment += inst.prior[t] * q[(a * nT + t) * nS + s] * z;
          if (recommendation[a] > 0 && z > 1e-12) payments[i][payIndex(inst, a, s, t)] = z / x[a];
        }
      }
    }
  }
  const mechanism: InfoMechanism = { recommendation, payments, decision };
  const modelled: InfoInstance = { ...inst, q };
  const own = evaluateMechanism(modelled, mechanism);
  const attained =
    Math.abs(own.value - sol.objective) <= 1e-6 * Math.max(1, Math.abs(sol.objective)) && checkIc(modelled, mechanism, 1e-6).ic;
  return {
    value: sol.objective,
    decisionValue,
    expectedPayment,
    attained,
    ...(cap !== undefined ? { paymentCap: cap } : {}),
    mechanism,
  };
}
