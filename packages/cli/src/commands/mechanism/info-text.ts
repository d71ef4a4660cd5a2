/** The readable rendering of an information-acquisition mechanism report: value, recommendations, payments, IC check. */
import type { InfoReport } from '@fedrank/mechanisms';
import { fmt, table } from './output.js';

export function infoText(r: InfoReport): string {
  const out: string[] = [];
  out.push(
    table([
      ...(r.instance !== undefined ? [['instance', r.instance]] : []),
      ['mechanism', r.mechanism === 'optimal' ? 'optimal incentive-compatible (LP, HiGHS)' : 'given'],
      ['value', `${fmt(r.value)} (principal's expected utility: decision value ${fmt(r.decisionValue)} - payments)`],
      ['expected payment', fmt(r.expectedPayment)],
      ...(r.valueUnderResponse !== undefined ? [['value if agents best-respond', fmt(r.valueUnderResponse)]] : []),
      ...(r.paymentCap !== undefined ? [['payment cap', fmt(r.paymentCap)]] : []),
      ...(r.attained === false
        ? [
            [
              'attained',
              `no: the value is a supremum; the mechanism below (payments <= ${fmt(r.approachCap)}) gets ${fmt(r.attainedValue)}`,
            ],
          ]
        : []),
    ]),
  );
  out.push('');
  out.push(table([['recommended profile', 'probability'], ...r.recommendation.map((x) => [x.profile.join(', '), fmt(x.p)])]));
  out.push('');
  out.push(
    r.payments.length === 0
      ? 'payments: none'
      : table([
          ['agent', 'profile', 'reported signals', 'state', 'payment'],
          ...r.payments.map((p) => [p.agent, p.profile.join(', '), p.signals.join(', '), p.state, fmt(p.amount)]),
        ]),
  );
  out.push('');
  out.push(`incentive compatible: ${r.ic.ic ? 'yes' : 'no'} (smallest slack ${fmt(r.ic.minSlack)})`);
  out.push(
    table([
      ['agent', 'recommended', 'deviation', 'kind', 'reports', 'honest', 'deviating', 'slack'],
      ...r.ic.deviations.map((d) => [
        d.agent,
        d.recommended,
        d.deviation,
        d.kind,
        Object.entries(d.reports)
          .map(([s, t]) => `${s}->${t}`)
          .join(' '),
        fmt(d.honestUtility),
        fmt(d.deviationUtility),
        fmt(d.slack),
      ]),
    ]),
  );
  return out.join('\n');
}
