/**
 * Agents' strategies against a mechanism and their payoffs (Cacciamani, Castiglioni, Gatti,
 * section 2). On recommendation r_i agent i takes action b_i(r_i) and reports σ_i^{r_i}(s_i) for
 * its observed signal s_i; obedience is b_i(r) = r, σ = identity. Under a strategy profile
 *   principal = Σ_a φ(a) Σ_θ μ(θ) Σ_s q(s|θ, b(a)) [u(d(a, σ(s)), θ) - Σ_i p_i(a, σ(s), θ)],
 *   agent i    = Σ_a φ(a) [Σ_θ μ(θ) Σ_s q(s|θ, b(a)) p_i(a, σ(s), θ) - c_i(b_i(a_i))].
 * Agent i's payoff on recommendation r from playing b and reporting t on signal s_i is
 *   U_i(r; b, σ) = Σ_{s_i} G_{r,b}(s_i, σ(s_i)) - P(r) c_i(b),
 *   G_{r,b}(s_i, t) = Σ_{a: a_i = r} φ(a) Σ_θ μ(θ) Σ_{s_-i} q((s_i, s_-i)|θ, (b, b_-i(a_-i)))
 *                     p_i(a, (t, σ_-i(s_-i)), θ),
 * so the best report is chosen signal by signal.
 */
import type { InfoInstance } from './instance.js';
import { type InfoMechanism, payIndex } from './mechanism.js';

export interface AgentStrategy {
  /** action[r]: the action taken on recommendation r */
  action: number[];
  /** report[r][s]: the signal reported on recommendation r after observing s */
  report: number[][];
}

export function obedient(inst: InfoInstance): AgentStrategy[] {
  return inst.agents.map((ag) => ({
    action: ag.actions.map((_, r) => r),
    report: ag.actions.map(() => ag.signals.map((_, s) => s)),
  }));
}

const PROB_EPS = 1e-15;

/** Joint signal actually reported when the true joint signal is s and the recommendation a. */
function reportedSignal(inst: InfoInstance, strategies: readonly AgentStrategy[], a: number, s: number): number {
  let out = s;
  for (let i = 0; i < inst.agents.length; i++) {
    const r = inst.profiles.digit(a, i);
    out = inst.signals.replace(out, i, strategies[i].report[r][inst.signals.digit(s, i)]);
  }
  return out;
}

function actualProfile(inst: InfoInstance, strategies: readonly AgentStrategy[], a: number): number {
  let b = a;
  for (let i = 0; i < inst.agents.length; i++) b = inst.profiles.replace(b, i, strategies[i].action[inst.profiles.digit(a, i)]);
  return b;
}

export interface Outcome {
  /** principal's expected utility: decision value minus payments */
  value: number;
  decisionValue: number;
  expectedPayment: number;
  agentUtilities: number[];
}

export function evaluateMechanism(inst: InfoInstance, mech: InfoMechanism, strategies: readonly AgentStrategy[] = obedient(inst)): Outcome {
  const nS = inst.signals.size;
  const nT = inst.states.length;
  let decisionValue = 0;
  let expectedPayment = 0;
  const agentUtilities = inst.agents.map(() => 0);
  for (let a = 0; a < inst.profiles.size; a++) {
    const phi = mech.recommendation[a];
    if (phi <= PROB_EPS) continue;
    const b = actualProfile(inst, strategies, a);
    inst.agents.forEach((ag, i) => {
      agentUtilities[i] -= phi * ag.costs[inst.profiles.digit(b, i)];
    });
    for (let t = 0; t < nT; t++) {
      for (let s = 0; s < nS; s++) {
        const w = phi * inst.prior[t] * inst.q[(b * nT + t) * nS + s];
        if (w <= 0) continue;
        const r = reportedSignal(inst, strategies, a, s);
        decisionValue += w * inst.utility[mech.decision[a * nS + r]][t];
        for (let i = 0; i < inst.agents.length; i++) {
          const p = w * mech.payments[i][payIndex(inst, a, r, t)];
          expectedPayment += p;
          agentUtilities[i] += p;
        }
      }
    }
  }
  return { value: decisionValue - expectedPayment, decisionValue, expectedPayment, agentUtilities };
}

/** P(r) = Σ_{a: a_i = r} φ(a). */
export function recommendationProbability(inst: InfoInstance, mech: InfoMechanism, i: number, r: number): number {
  let p = 0;
  for (let a = 0; a < inst.profiles.size; a++) if (inst.profiles.digit(a, i) === r) p += mech.recommendation[a];
  return p;
}

/**
 * G_{r,b}(s_i, t) for agent i, recommendation r and actual action b, the others playing
 * `strategies`: gain[s_i][t], unconditional (not divided by P(r)).
 */
export function reportGains(
  inst: InfoInstance,
  mech: InfoMechanism,
  strategies: readonly AgentStrategy[],
  i: number,
  r: number,
  b: number,
): number[][] {
  const nS = inst.signals.size;
  const nT = inst.states.length;
  const nSi = inst.agents[i].signals.length;
  const gain = Array.from({ length: nSi }, () => new Array<number>(nSi).fill(0));
  for (let a = 0; a < inst.profiles.size; a++) {
    const phi = mech.recommendation[a];
    if (phi <= PROB_EPS || inst.profiles.digit(a, i) !== r) continue;
    const actual = inst.profiles.replace(actualProfile(inst, strategies, a), i, b);
    for (let t = 0; t < nT; t++) {
      for (let s = 0; s < nS; s++) {
        const w = phi * inst.prior[t] * inst.q[(actual * nT + t) * nS + s];
        if (w <= 0) continue;
        const othersReported = reportedSignal(inst, strategies, a, s); // digit i is overwritten below
        const si = inst.signals.digit(s, i);
        for (let ti = 0; ti < nSi; ti++) {
          gain[si][ti] += w * mech.payments[i][payIndex(inst, a, inst.signals.replace(othersReported, i, ti), t)];
        }
      }
    }
  }
  return gain;
}

/**
 * Agent i's best response on recommendation r to the others' strategies: the action and the
 * signal-by-signal best report (ties keep the current choice), with its unconditional payoff.
 */
export function bestResponseFor(
  inst: InfoInstance,
  mech: InfoMechanism,
  strategies: readonly AgentStrategy[],
  i: number,
  r: number,
): { action: number; report: number[]; utility: number } {
  const pr = recommendationProbability(inst, mech, i, r);
  const current = strategies[i];
  let best: { action: number; report: number[]; utility: number } | undefined;
  inst.agents[i].actions.forEach((_, b) => {
    const g = reportGains(inst, mech, strategies, i, r, b);
    const report = g.map((row, si) => {
      let bt = b === current.action[r] ? current.report[r][si] : si;
      for (let t = 0; t < row.length; t++) if (row[t] > row[bt] + 1e-12) bt = t;
      return bt;
    });
    const utility = report.reduce((acc, t, si) => acc + g[si][t], 0) - pr * inst.agents[i].costs[b];
    if (best === undefined || utility > best.utility + 1e-12 || (b === current.action[r] && utility >= best.utility - 1e-12)) {
      best = { action: b, report, utility };
    }
  });
  if (best === undefined) throw new Error('agent without actions');
  return best;
}

/**
 * Agents' response to a mechanism that may not be IC: best-response dynamics from obedience,
 * each agent in turn switching (per recommendation) to a strictly better action and reports,
 * until no agent moves or `maxSweeps` sweeps. Returns the final strategies.
 */
export function strategicResponse(
  inst: InfoInstance,
  mech: InfoMechanism,
  maxSweeps = 100,
): { strategies: AgentStrategy[]; converged: boolean } {
  const strategies = obedient(inst);
  for (let sweep = 0; sweep < maxSweeps; sweep++) {
    let moved = false;
    inst.agents.forEach((ag, i) => {
      ag.actions.forEach((_, r) => {
        if (recommendationProbability(inst, mech, i, r) <= PROB_EPS) return;
        const br = bestResponseFor(inst, mech, strategies, i, r);
        const same = br.action === strategies[i].action[r] && br.report.every((t, s) => t === strategies[i].report[r][s]);
        if (!same) {
          strategies[i].action[r] = br.action;
          strategies[i].report[r] = br.report;
          moved = true;
        }
      });
    });
    if (!moved) return { strategies, converged: true };
  }
  return { strategies, converged: false };
}
