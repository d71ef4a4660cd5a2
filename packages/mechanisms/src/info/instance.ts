/**
 * Information-acquisition instance (Cacciamani, Castiglioni, Gatti, section 2), validated from its
 * JSON form (examples in configs/mechanisms/):
 *   states Θ with prior μ; decisions d with principal utility u(d, θ); agents i with effort
 *   actions a_i of cost c_i(a_i) and signals S_i; for every joint action profile a and state θ a
 *   distribution q(s | θ, a) over joint signals s (pairs not listed have probability 0).
 * Extensions: optional `paymentCap` (bound on every payment), `name`, `description`.
 */
import { MechanismInputError } from '../errors.js';
import { JointSpace } from './space.js';

export interface AgentSpec {
  name: string;
  actions: string[];
  costs: number[];
  signals: string[];
}

export interface InfoInstance {
  name?: string;
  states: string[];
  prior: number[];
  decisions: string[];
  /** utility[d][θ] */
  utility: number[][];
  agents: AgentSpec[];
  profiles: JointSpace;
  signals: JointSpace;
  /** q[(a * |Θ| + θ) * |S| + s] = q(s | θ, a) */
  q: Float64Array;
  paymentCap?: number;
}

export const PROBABILITY_TOLERANCE = 1e-9;

/** The most probabilities q(s | θ, a) an instance may define (8 bytes each: 512 MiB). */
export const MAX_SIGNAL_MODEL_ENTRIES = 2 ** 26;

export function qIndex(inst: InfoInstance, a: number, theta: number, s: number): number {
  return (a * inst.states.length + theta) * inst.signals.size + s;
}

export function profileNames(inst: InfoInstance, a: number): string[] {
  return inst.profiles.decode(a).map((k, i) => inst.agents[i].actions[k]);
}

export function signalNames(inst: InfoInstance, s: number): string[] {
  return inst.signals.decode(s).map((k, i) => inst.agents[i].signals[k]);
}

const fail = (field: string, what: string): never => {
  throw new MechanismInputError(`${field}: ${what}`, field);
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function stringList(v: unknown, field: string): string[] {
  if (!Array.isArray(v) || v.length === 0) fail(field, 'expected a non-empty list of names');
  const out = (v as unknown[]).map((x, i) => (typeof x === 'string' && x !== '' ? x : fail(`${field}[${i}]`, 'expected a name')));
  const seen = new Set<string>();
  for (const x of out) {
    if (seen.has(x)) fail(field, `"${x}" appears twice`);
    seen.add(x);
  }
  return out;
}

function finite(v: unknown, field: string): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : fail(field, `expected a number, got ${JSON.stringify(v)}`);
}

function probability(v: unknown, field: string): number {
  const p = finite(v, field);
  return p >= 0 && p <= 1 ? p : fail(field, `probability ${p} is outside [0, 1]`);
}

function checkSum(sum: number, field: string): void {
  if (Math.abs(sum - 1) > PROBABILITY_TOLERANCE) fail(field, `probabilities sum to ${Number(sum.toPrecision(12))}, not 1`);
}

function nameIndex(list: readonly string[], name: unknown, field: string, kind: string): number {
  const k = typeof name === 'string' ? list.indexOf(name) : -1;
  return k >= 0 ? k : fail(field, `unknown ${kind} ${JSON.stringify(name)} (one of ${list.join(', ')})`);
}

/** Validates a parsed JSON value against the instance contract; throws one-line MechanismInputErrors. */
export function parseInstance(json: unknown): InfoInstance {
  if (!isObject(json)) fail('instance', 'expected a JSON object');
  const o = json as Record<string, unknown>;
  for (const key of ['states', 'prior', 'decisions', 'agents', 'signalModel']) {
    if (!(key in o)) fail(key, 'missing');
  }
  const states = stringList(o.states, 'states');
  if (!Array.isArray(o.prior)) fail('prior', 'expected a list of probabilities');
  const priorIn = o.prior as unknown[];
  if (priorIn.length !== states.length) fail('prior', `has ${priorIn.length} entries for ${states.length} states`);
  const prior = priorIn.map((p, i) => probability(p, `prior[${i}]`));
  checkSum(
    prior.reduce((a, b) => a + b, 0),
    'prior',
  );

  if (!isObject(o.decisions) || Object.keys(o.decisions).length === 0) fail('decisions', 'expected an object of decisions');
  const decisions = Object.keys(o.decisions as object);
  const utility = decisions.map((d) => {
    const u = (o.decisions as Record<string, unknown>)[d];
    if (!Array.isArray(u)) fail(`decisions.${d}`, 'expected a list of utilities, one per state');
    if ((u as unknown[]).length !== states.length) {
      fail(`decisions.${d}`, `has ${(u as unknown[]).length} utilities for ${states.length} states`);
    }
    return (u as unknown[]).map((x, k) => finite(x, `decisions.${d}[${k}]`));
  });

  if (!Array.isArray(o.agents) || o.agents.length === 0) fail('agents', 'expected a non-empty list of agents');
  const agentNames = new Set<string>();
  const agents: AgentSpec[] = (o.agents as unknown[]).map((a, i) => {
    const f = `agents[${i}]`;
    if (!isObject(a)) fail(f, 'expected an object with name, actions and signals');
    const ag = a as Record<string, unknown>;
    const name = typeof ag.name === 'string' && ag.name !== '' ? ag.name : fail(`${f}.name`, 'expected a name');
    if (agentNames.has(name)) fail(`${f}.name`, `agent "${name}" appears twice`);
    agentNames.add(name);
    if (!isObject(ag.actions) || Object.keys(ag.actions).length === 0) {
      fail(`${f}.actions`, 'expected an object mapping each effort level to its cost');
    }
    const actions = Object.keys(ag.actions as object);
    const costs = actions.map((k) => {
      const c = finite((ag.actions as Record<string, unknown>)[k], `${f}.actions.${k}`);
      return c >= 0 ? c : fail(`${f}.actions.${k}`, `cost ${c} is negative`);
    });
    const signals = stringList(ag.signals, `${f}.signals`);
    return { name, actions, costs, signals };
  });

  const profiles = new JointSpace(agents.map((a) => a.actions.length));
  const signals = new JointSpace(agents.map((a) => a.signals.length));
  const nT = states.length;
  const entries = profiles.size * nT * signals.size;
  if (!(entries <= MAX_SIGNAL_MODEL_ENTRIES)) {
    fail(
      'agents',
      `${profiles.size} action profiles x ${nT} states x ${signals.size.toPrecision(3)} joint signals make ${entries.toPrecision(3)} probabilities q(s | θ, a); the limit is ${MAX_SIGNAL_MODEL_ENTRIES} (fewer agents, actions or signals)`,
    );
  }
  const q = new Float64Array(entries);
  const listed = new Array<boolean>(profiles.size).fill(false);
  if (!Array.isArray(o.signalModel)) fail('signalModel', 'expected a list of {profile, distribution}');
  (o.signalModel as unknown[]).forEach((entry, e) => {
    const f = `signalModel[${e}]`;
    if (!isObject(entry)) fail(f, 'expected an object with profile and distribution');
    const en = entry as Record<string, unknown>;
    if (!Array.isArray(en.profile)) fail(`${f}.profile`, 'expected a list of actions, one per agent');
    const prof = en.profile as unknown[];
    if (prof.length !== agents.length) fail(`${f}.profile`, `has ${prof.length} actions for ${agents.length} agents`);
    const digits = prof.map((name, i) => nameIndex(agents[i].actions, name, `${f}.profile[${i}]`, `action of ${agents[i].name}`));
    const a = profiles.encode(digits);
    if (listed[a]) fail(`${f}.profile`, `profile [${prof.join(', ')}] is listed twice`);
    listed[a] = true;
    if (!isObject(en.distribution)) fail(`${f}.distribution`, 'expected an object with one list per state');
    const dist = en.distribution as Record<string, unknown>;
    for (const key of Object.keys(dist)) nameIndex(states, key, `${f}.distribution`, 'state');
    states.forEach((state, theta) => {
      const g = `${f}.distribution.${state}`;
      if (!(state in dist)) fail(g, 'missing');
      if (!Array.isArray(dist[state])) fail(g, 'expected a list of {signals, p}');
      let sum = 0;
      const seen = new Set<number>();
      (dist[state] as unknown[]).forEach((pair, k) => {
        const h = `${g}[${k}]`;
        if (!isObject(pair)) fail(h, 'expected {signals, p}');
        const pr = pair as Record<string, unknown>;
        if (!Array.isArray(pr.signals)) fail(`${h}.signals`, 'expected a list of signals, one per agent');
        const sig = pr.signals as unknown[];
        if (sig.length !== agents.length) fail(`${h}.signals`, `has ${sig.length} signals for ${agents.length} agents`);
        const sd = sig.map((name, i) => nameIndex(agents[i].signals, name, `${h}.signals[${i}]`, `signal of ${agents[i].name}`));
        const p = probability(pr.p, `${h}.p`);
        const s = signals.encode(sd);
        if (seen.has(s)) fail(`${h}.signals`, `signals [${sig.join(', ')}] are listed twice`);
        seen.add(s);
        const idx = (a * nT + theta) * signals.size + s;
        q[idx] = p;
        sum += p;
      });
      checkSum(sum, g);
    });
  });
  const missing = listed.findIndex((x) => !x);
  if (missing >= 0) {
    const names = profiles.decode(missing).map((k, i) => agents[i].actions[k]);
    fail('signalModel', `no distribution for profile [${names.join(', ')}]`);
  }

  let paymentCap: number | undefined;
  if (o.paymentCap !== undefined) {
    paymentCap = finite(o.paymentCap, 'paymentCap');
    if (paymentCap < 0) fail('paymentCap', `cap ${paymentCap} is negative`);
  }
  return {
    ...(typeof o.name === 'string' ? { name: o.name } : {}),
    states,
    prior,
    decisions,
    utility,
    agents,
    profiles,
    signals,
    q,
    ...(paymentCap !== undefined ? { paymentCap } : {}),
  };
}
