/**
 * Online information acquisition with unknown signal distributions (Cacciamani, Castiglioni,
 * Gatti, section 6): an explore-then-commit learner and its cumulative (pseudo-)regret
 *   R(t) = Σ_{τ <= t} (OPT - U_τ),
 * OPT the known-instance optimum (optimal.ts), U_τ the principal's expected utility in round τ
 * given the learner's choice in that round (expectation over the state and signals of round τ).
 *
 * Explore: T0 = |A| ceil(c T^(2/3) / |A|) rounds (c = `explore`, default 1), cycling through the
 *   joint action profiles. Each round the state θ ~ μ and the signals s ~ q(·|θ,a) are drawn with
 *   the seeded generator, and θ is revealed afterwards. Simplification (ours, not the paper's):
 *   exploring agents are paid their effort cost and follow the recommendation; the principal
 *   decides by Bayes' rule under the counts so far, so U_τ = V̂_τ(a) - Σ_i c_i(a_i).
 * Commit: estimate q̂(s|θ,a) from the counts n(a,θ) and bound every entry with Chernoff (KL)
 *   confidence bounds qLow <= q <= qHigh (confidence.ts), L = ln(2K/δ) for the K = |A||Θ||S|
 *   entries, so all hold at once with probability >= 1 - δ. The robust LP of optimal.ts with these
 *   bounds gives a mechanism in which, for the true q, no agent gains by changing its effort, and
 *   a lie can pay only on signals whose probability the estimate got wrong. U_τ is the true value
 *   of that mechanism when it is IC for the true q; otherwise agents play best-response dynamics
 *   (strategies.ts) and U_τ is the value under their response.
 * With T0 ~ T^(2/3) and widths ~ T^(-1/3), R(T) = O(T^(2/3)) up to logarithms, the paper's rate.
 */
import { Rng } from '@fedrank/random';
import { MechanismInputError } from '../errors.js';
import { klLower, klUpper } from './confidence.js';
import { type IcDeviation, checkIc } from './ic.js';
import type { InfoInstance } from './instance.js';
import { optimalMechanism } from './optimal.js';
import { evaluateMechanism, strategicResponse } from './strategies.js';
import { STEP_CHUNK, type WorkHook } from '../work-steps.js';

export interface OnlineOptions {
  horizon: number;
  seed: number;
  /** exploration scale c in T0 ≈ c T^(2/3) (default 1) */
  explore?: number;
  /** failure probability δ of the confidence radii (default 0.05) */
  delta?: number;
  /** payment cap for the committed mechanism (default: the instance's) */
  paymentCap?: number;
  /** rounds at which to report the cumulative regret (default: powers of 10, T0 and T) */
  checkpoints?: number[];
  /** Awaited every STEP_CHUNK exploration rounds with the rounds done of T0 (it may throw to stop the run). */
  onProgress?: WorkHook;
}

export interface OnlineReport {
  horizon: number;
  seed: number;
  explorationRounds: number;
  roundsPerProfile: number;
  delta: number;
  /** OPT: the known-instance optimum per round */
  optimum: number;
  /** largest confidence width qHigh - qLow over all entries at commit time */
  maxWidth: number;
  /** the mechanism committed to after exploring; null when exploration fills the horizon */
  committed: {
    /** value the learner's robust LP promised under its estimates */
    plannedValue: number;
    /** true per-round value of the committed mechanism under the agents' response */
    trueValue: number;
    icUnderTruth: boolean;
    /** when not IC under the true model: the most profitable deviation (ic.ts) */
    worstDeviation?: IcDeviation;
    /** profiles the committed mechanism recommends, with probabilities */
    recommendation: { profile: string[]; p: number }[];
  } | null;
  checkpoints: { t: number; regret: number }[];
  regret: number;
}

export async function runOnline(inst: InfoInstance, options: OnlineOptions): Promise<OnlineReport> {
  const T = options.horizon;
  if (!(Number.isInteger(T) && T >= 1)) throw new MechanismInputError(`horizon ${T} is not a positive integer`, 'horizon');
  const explore = options.explore ?? 1;
  if (!(explore > 0)) throw new MechanismInputError(`explore scale ${explore} is not positive`, 'explore');
  const delta = options.delta ?? 0.05;
  if (!(delta > 0 && delta < 1)) throw new MechanismInputError(`delta ${delta} is not in (0, 1)`, 'delta');
  const nA = inst.profiles.size;
  const nT = inst.states.length;
  const nS = inst.signals.size;
  const paymentCap = options.paymentCap ?? inst.paymentCap;

  const opt = await optimalMechanism(inst, paymentCap !== undefined ? { paymentCap } : {});
  const OPT = opt.value;

  const roundsPerProfile = Math.max(1, Math.ceil((explore * Math.pow(T, 2 / 3)) / nA));
  const T0 = Math.min(T, roundsPerProfile * nA);
  const checkpoints = [...new Set([...(options.checkpoints ?? defaultCheckpoints(T)), T0, T])]
    .filter((t) => t >= 1 && t <= T)
    .sort((a, b) => a - b);

  const rng = new Rng(options.seed).derive('info-acquisition-online');
  const counts = new Float64Array(nA * nT * nS);
  const stateCounts = new Float64Array(nA * nT);
  /** Index k drawn with probability p[offset + k], k < len (u uniform in [0,1)). */
  const draw = (p: ArrayLike<number>, offset: number, len: number, u: number): number => {
    let acc = 0;
    for (let k = 0; k < len; k++) {
      acc += p[offset + k];
      if (u < acc) return k;
    }
    // rounding: the last entry with positive probability
    for (let k = len - 1; k >= 0; k--) if (p[offset + k] > 0) return k;
    return len - 1;
  };

  const out: { t: number; regret: number }[] = [];
  let regret = 0;
  let ci = 0;
  const record = (t: number): void => {
    while (ci < checkpoints.length && checkpoints[ci] === t) {
      out.push({ t, regret });
      ci++;
    }
  };

  // explore
  for (let t = 1; t <= T0; t++) {
    const a = (t - 1) % nA;
    // principal's expected utility this round: Bayes decisions under the counts so far
    let value = 0;
    for (let s = 0; s < nS; s++) {
      let bestD = 0;
      let bestE = -Infinity;
      inst.utility.forEach((u, d) => {
        let e = 0;
        for (let th = 0; th < nT; th++) {
          const n = stateCounts[a * nT + th];
          const qh = n > 0 ? counts[(a * nT + th) * nS + s] / n : 1 / nS;
          e += inst.prior[th] * qh * u[th];
        }
        if (e > bestE + 1e-15) {
          bestE = e;
          bestD = d;
        }
      });
      for (let th = 0; th < nT; th++) value += inst.prior[th] * inst.q[(a * nT + th) * nS + s] * inst.utility[bestD][th];
    }
    const digits = inst.profiles.decode(a);
    for (let i = 0; i < digits.length; i++) value -= inst.agents[i].costs[digits[i]];
    regret += OPT - value;
    // observe
    const th = draw(inst.prior, 0, nT, rng.float());
    const s = draw(inst.q, (a * nT + th) * nS, nS, rng.float());
    counts[(a * nT + th) * nS + s]++;
    stateCounts[a * nT + th]++;
    record(t);
    if (options.onProgress && t % STEP_CHUNK === 0) await options.onProgress({ done: t, total: T0 });
  }

  // commit
  const qHat = new Float64Array(inst.q.length);
  const qLow = new Float64Array(inst.q.length);
  const qHigh = new Float64Array(inst.q.length);
  const L = Math.log((2 * nA * nT * nS) / delta);
  let maxWidth = 0;
  for (let a = 0; a < nA; a++) {
    for (let th = 0; th < nT; th++) {
      const n = stateCounts[a * nT + th];
      for (let s = 0; s < nS; s++) {
        const k = (a * nT + th) * nS + s;
        qHat[k] = n > 0 ? counts[k] / n : 1 / nS;
        qLow[k] = n > 0 ? klLower(qHat[k], n, L) : 0;
        qHigh[k] = n > 0 ? klUpper(qHat[k], n, L) : 1;
        maxWidth = Math.max(maxWidth, qHigh[k] - qLow[k]);
      }
    }
  }
  let committed: OnlineReport['committed'] = null;
  if (T0 < T) {
    const design = await optimalMechanism(inst, { q: qHat, qLow, qHigh, ...(paymentCap !== undefined ? { paymentCap } : {}) });
    const ic = checkIc(inst, design.mechanism);
    const trueValue = ic.ic
      ? evaluateMechanism(inst, design.mechanism).value
      : evaluateMechanism(inst, design.mechanism, strategicResponse(inst, design.mechanism).strategies).value;
    const recommendation: { profile: string[]; p: number }[] = [];
    for (let a = 0; a < nA; a++) {
      if (design.mechanism.recommendation[a] > 1e-12) {
        recommendation.push({
          profile: inst.profiles.decode(a).map((k, i) => inst.agents[i].actions[k]),
          p: design.mechanism.recommendation[a],
        });
      }
    }
    committed = {
      plannedValue: design.value,
      trueValue,
      icUnderTruth: ic.ic,
      ...(ic.ic ? {} : { worstDeviation: ic.deviations.reduce((w, d) => (d.slack < w.slack ? d : w)) }),
      recommendation,
    };
    const gap = OPT - trueValue;
    for (const t of checkpoints) {
      if (t > T0) out.push({ t, regret: regret + (t - T0) * gap });
    }
    regret += (T - T0) * gap;
  }
  return {
    horizon: T,
    seed: options.seed,
    explorationRounds: T0,
    roundsPerProfile,
    delta,
    optimum: OPT,
    maxWidth,
    committed,
    checkpoints: out,
    regret,
  };
}

function defaultCheckpoints(T: number): number[] {
  const c: number[] = [];
  for (let p = 10; p <= T; p *= 10) c.push(p);
  return c;
}
