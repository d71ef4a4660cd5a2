/**
 * What `fedrank mechanism info-acquisition` prints for a known instance: the optimal IC
 * mechanism (optimal.ts) or a given mechanism, its value, expected payment, recommendation,
 * payments, decisions and the IC check (ic.ts) with every agent's slack.
 */
import { type IcReport, checkIc } from './ic.js';
import type { InfoInstance } from './instance.js';
import type { InfoMechanism } from './mechanism.js';
import { type DecisionJson, type PaymentJson, type RecommendationJson, clean, mechanismToJson } from './mechanism-json.js';
import { type DesignOptions, optimalMechanism } from './optimal.js';
import { evaluateMechanism, strategicResponse } from './strategies.js';

export interface InfoReport {
  instance?: string;
  /** 'optimal' for the LP optimum, 'given' for a mechanism read from a file */
  mechanism: 'optimal' | 'given';
  value: number;
  decisionValue: number;
  expectedPayment: number;
  /** only for 'optimal': false when the value is a supremum that no mechanism attains */
  attained?: boolean;
  /** when not attained: value of the printed mechanism, designed with payments capped at approachCap */
  attainedValue?: number;
  approachCap?: number;
  paymentCap?: number;
  /** only for a given mechanism that is not IC: the principal's value when the agents play
   * best-response dynamics from obedience (strategies.ts) instead of obeying */
  valueUnderResponse?: number;
  recommendation: RecommendationJson[];
  payments: PaymentJson[];
  decisions: DecisionJson[];
  ic: IcReport;
}

export async function optimalMechanismReport(inst: InfoInstance, options: Pick<DesignOptions, 'paymentCap'> = {}): Promise<InfoReport> {
  const r = await optimalMechanism(inst, options);
  const json = mechanismToJson(inst, r.mechanism);
  return {
    ...(inst.name !== undefined ? { instance: inst.name } : {}),
    mechanism: 'optimal',
    value: clean(r.value),
    decisionValue: clean(r.decisionValue),
    expectedPayment: clean(r.expectedPayment),
    attained: r.attained,
    ...(r.attainedValue !== undefined ? { attainedValue: clean(r.attainedValue), approachCap: clean(r.approachCap ?? NaN) } : {}),
    ...(r.paymentCap !== undefined ? { paymentCap: r.paymentCap } : {}),
    recommendation: json.recommendation,
    payments: json.payments,
    decisions: json.decisions ?? [],
    ic: cleanIc(checkIc(inst, r.mechanism)),
  };
}

export function givenMechanismReport(inst: InfoInstance, mech: InfoMechanism): InfoReport {
  const o = evaluateMechanism(inst, mech);
  const json = mechanismToJson(inst, mech);
  const ic = checkIc(inst, mech);
  const response = ic.ic ? undefined : evaluateMechanism(inst, mech, strategicResponse(inst, mech).strategies).value;
  return {
    ...(inst.name !== undefined ? { instance: inst.name } : {}),
    mechanism: 'given',
    value: clean(o.value),
    decisionValue: clean(o.decisionValue),
    expectedPayment: clean(o.expectedPayment),
    ...(response !== undefined ? { valueUnderResponse: clean(response) } : {}),
    recommendation: json.recommendation,
    payments: json.payments,
    decisions: json.decisions ?? [],
    ic: cleanIc(ic),
  };
}

function cleanIc(r: IcReport): IcReport {
  return {
    ...r,
    minSlack: clean(r.minSlack),
    deviations: r.deviations.map((d) => ({
      ...d,
      honestUtility: clean(d.honestUtility),
      deviationUtility: clean(d.deviationUtility),
      slack: clean(d.slack),
    })),
  };
}
