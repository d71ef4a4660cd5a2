/**
 * A mechanism for information acquisition (Cacciamani, Castiglioni, Gatti, section 2):
 *   a correlated recommendation φ ∈ Δ(A) over joint action profiles, a scoring rule paying each
 *   agent p_i(a, ŝ, θ) >= 0 on recommendation a, reports ŝ and realized state θ, and a decision
 *   d(a, ŝ) for the principal. With obedient, truthful agents the principal gets
 *   value = Σ_a φ(a) Σ_θ μ(θ) Σ_s q(s|θ,a) [u(d(a,s), θ) - Σ_i p_i(a, s, θ)].
 * The Bayes decision d*(a, s) = argmax_d Σ_θ μ(θ) q(s|θ,a) u(d, θ) gives the decision value
 * V(a) = Σ_s max_d Σ_θ μ(θ) q(s|θ,a) u(d, θ).
 */
import type { InfoInstance } from './instance.js';

export interface InfoMechanism {
  /** φ(a), indexed by profile */
  recommendation: Float64Array;
  /** payments[i][(a * |S| + s) * |Θ| + θ] = p_i(a, s, θ) */
  payments: Float64Array[];
  /** decision[a * |S| + s]: decision index on recommendation a and reported joint signal s */
  decision: Int32Array;
}

export function payIndex(inst: InfoInstance, a: number, s: number, theta: number): number {
  return (a * inst.signals.size + s) * inst.states.length + theta;
}

/** Bayes decisions d*(a, s) under the signal model q (the instance's own or an estimate). */
export function bayesDecisions(inst: InfoInstance, q: Float64Array = inst.q): Int32Array {
  const nS = inst.signals.size;
  const nT = inst.states.length;
  const out = new Int32Array(inst.profiles.size * nS);
  for (let a = 0; a < inst.profiles.size; a++) {
    for (let s = 0; s < nS; s++) {
      let best = 0;
      let bestU = -Infinity;
      inst.utility.forEach((u, d) => {
        let e = 0;
        for (let t = 0; t < nT; t++) e += inst.prior[t] * q[(a * nT + t) * nS + s] * u[t];
        if (e > bestU + 1e-15) {
          bestU = e;
          best = d;
        }
      });
      out[a * nS + s] = best;
    }
  }
  return out;
}

/** V(a) = Σ_θ μ(θ) Σ_s q(s|θ,a) u(d(a,s), θ) for the decision rule d, evaluated under q. */
export function decisionValues(inst: InfoInstance, decision: Int32Array, q: Float64Array = inst.q): Float64Array {
  const nS = inst.signals.size;
  const nT = inst.states.length;
  const out = new Float64Array(inst.profiles.size);
  for (let a = 0; a < inst.profiles.size; a++) {
    let v = 0;
    for (let t = 0; t < nT; t++) {
      for (let s = 0; s < nS; s++) {
        const p = q[(a * nT + t) * nS + s];
        if (p > 0) v += inst.prior[t] * p * inst.utility[decision[a * nS + s]][t];
      }
    }
    out[a] = v;
  }
  return out;
}

export function emptyMechanism(inst: InfoInstance): InfoMechanism {
  const size = inst.profiles.size * inst.signals.size * inst.states.length;
  return {
    recommendation: new Float64Array(inst.profiles.size),
    payments: inst.agents.map(() => new Float64Array(size)),
    decision: bayesDecisions(inst),
  };
}
