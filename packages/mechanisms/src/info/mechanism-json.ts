/**
 * JSON form of an information-acquisition mechanism (mechanism.ts), by name:
 *   { "recommendation": [ { "profile": ["work"], "p": 1 } ],
 *     "payments": [ { "agent": "a1", "profile": ["work"], "signals": ["sL"], "state": "L", "amount": 0.2 } ],
 *     "decisions": [ { "profile": ["work"], "signals": ["sL"], "decision": "sayL" } ] }
 * Payments not listed are 0; decisions not listed are the Bayes decisions of the instance.
 * Only recommended profiles are printed.
 */
import { MechanismInputError } from '../errors.js';
import { type InfoInstance, PROBABILITY_TOLERANCE, profileNames, signalNames } from './instance.js';
import { type InfoMechanism, bayesDecisions, payIndex } from './mechanism.js';

export interface RecommendationJson {
  profile: string[];
  p: number;
}
export interface PaymentJson {
  agent: string;
  profile: string[];
  signals: string[];
  state: string;
  amount: number;
}
export interface DecisionJson {
  profile: string[];
  signals: string[];
  decision: string;
}
export interface MechanismJson {
  recommendation: RecommendationJson[];
  payments: PaymentJson[];
  decisions?: DecisionJson[];
}

/** Rounds away solver noise for printing: 12 significant digits, |x| < 1e-12 -> 0. */
export function clean(x: number): number {
  return Math.abs(x) < 1e-12 ? 0 : Number(x.toPrecision(12));
}

export function mechanismToJson(inst: InfoInstance, mech: InfoMechanism): MechanismJson {
  const nS = inst.signals.size;
  const nT = inst.states.length;
  const recommendation: RecommendationJson[] = [];
  const payments: PaymentJson[] = [];
  const decisions: DecisionJson[] = [];
  for (let a = 0; a < inst.profiles.size; a++) {
    if (mech.recommendation[a] <= 1e-12) continue;
    const profile = profileNames(inst, a);
    recommendation.push({ profile, p: clean(mech.recommendation[a]) });
    inst.agents.forEach((ag, i) => {
      for (let s = 0; s < nS; s++) {
        for (let t = 0; t < nT; t++) {
          const amount = clean(mech.payments[i][payIndex(inst, a, s, t)]);
          if (amount !== 0) payments.push({ agent: ag.name, profile, signals: signalNames(inst, s), state: inst.states[t], amount });
        }
      }
    });
    for (let s = 0; s < nS; s++) {
      let reachable = false;
      for (let t = 0; t < nT; t++) if (inst.q[(a * nT + t) * nS + s] > 0) reachable = true;
      if (reachable) decisions.push({ profile, signals: signalNames(inst, s), decision: inst.decisions[mech.decision[a * nS + s]] });
    }
  }
  return { recommendation, payments, decisions };
}

const fail = (field: string, what: string): never => {
  throw new MechanismInputError(`${field}: ${what}`, field);
};

function names(v: unknown, list: (i: number) => readonly string[], n: number, field: string, kind: string): number[] {
  if (!Array.isArray(v) || v.length !== n) fail(field, `expected ${n} ${kind}s, one per agent`);
  return (v as unknown[]).map((x, i) => {
    const k = typeof x === 'string' ? list(i).indexOf(x) : -1;
    return k >= 0 ? k : fail(`${field}[${i}]`, `unknown ${kind} ${JSON.stringify(x)} (one of ${list(i).join(', ')})`);
  });
}

export function parseMechanism(inst: InfoInstance, json: unknown): InfoMechanism {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) fail('mechanism', 'expected a JSON object');
  const o = json as Record<string, unknown>;
  const n = inst.agents.length;
  const actionsOf = (i: number): readonly string[] => inst.agents[i].actions;
  const signalsOf = (i: number): readonly string[] => inst.agents[i].signals;
  const recommendation = new Float64Array(inst.profiles.size);
  if (!Array.isArray(o.recommendation) || o.recommendation.length === 0) {
    fail('recommendation', 'expected a non-empty list of {profile, p}');
  }
  let sum = 0;
  (o.recommendation as unknown[]).forEach((e, k) => {
    const f = `recommendation[${k}]`;
    const r = (e ?? {}) as Record<string, unknown>;
    const a = inst.profiles.encode(names(r.profile, actionsOf, n, `${f}.profile`, 'action'));
    const p = typeof r.p === 'number' && r.p >= 0 && r.p <= 1 ? r.p : fail(`${f}.p`, `expected a probability, got ${JSON.stringify(r.p)}`);
    if (recommendation[a] !== 0) fail(`${f}.profile`, 'profile listed twice');
    recommendation[a] = p;
    sum += p;
  });
  if (Math.abs(sum - 1) > PROBABILITY_TOLERANCE) fail('recommendation', `probabilities sum to ${Number(sum.toPrecision(12))}, not 1`);
  const size = inst.profiles.size * inst.signals.size * inst.states.length;
  const payments = inst.agents.map(() => new Float64Array(size));
  if (o.payments !== undefined && !Array.isArray(o.payments)) fail('payments', 'expected a list of payments');
  ((o.payments as unknown[] | undefined) ?? []).forEach((e, k) => {
    const f = `payments[${k}]`;
    const r = (e ?? {}) as Record<string, unknown>;
    const i = inst.agents.findIndex((ag) => ag.name === r.agent);
    if (i < 0) fail(`${f}.agent`, `unknown agent ${JSON.stringify(r.agent)}`);
    const a = inst.profiles.encode(names(r.profile, actionsOf, n, `${f}.profile`, 'action'));
    const s = inst.signals.encode(names(r.signals, signalsOf, n, `${f}.signals`, 'signal'));
    const t = typeof r.state === 'string' ? inst.states.indexOf(r.state) : -1;
    if (t < 0) fail(`${f}.state`, `unknown state ${JSON.stringify(r.state)} (one of ${inst.states.join(', ')})`);
    const amount = typeof r.amount === 'number' && Number.isFinite(r.amount) ? r.amount : fail(`${f}.amount`, 'expected a number');
    if (amount < 0) fail(`${f}.amount`, `payment ${amount} is negative (limited liability)`);
    payments[i][payIndex(inst, a, s, t)] = amount;
  });
  const decision = bayesDecisions(inst);
  if (o.decisions !== undefined && !Array.isArray(o.decisions)) fail('decisions', 'expected a list of decisions');
  ((o.decisions as unknown[] | undefined) ?? []).forEach((e, k) => {
    const f = `decisions[${k}]`;
    const r = (e ?? {}) as Record<string, unknown>;
    const a = inst.profiles.encode(names(r.profile, actionsOf, n, `${f}.profile`, 'action'));
    const s = inst.signals.encode(names(r.signals, signalsOf, n, `${f}.signals`, 'signal'));
    const d = typeof r.decision === 'string' ? inst.decisions.indexOf(r.decision) : -1;
    if (d < 0) fail(`${f}.decision`, `unknown decision ${JSON.stringify(r.decision)} (one of ${inst.decisions.join(', ')})`);
    decision[a * inst.signals.size + s] = d;
  });
  return { recommendation, payments, decision };
}
