/**
 * Incentive-compatibility check (Cacciamani, Castiglioni, Gatti, section 3): a mechanism is IC
 * when, the others being obedient and truthful, no agent gains by deviating on any recommendation
 * r with P(r) > 0. For every agent, recommendation r and deviation action b the best deviation is
 * found signal by signal (strategies.ts), and the slack is reported conditional on r:
 *   slack(r, b) = [U_i(r; r, id) - max_σ U_i(r; b, σ)] / P(r)          for b != r (effort),
 *   slack(r, r) = [U_i(r; r, id) - max_{σ != id} U_i(r; r, σ)] / P(r)   (misreport only).
 * IC iff every slack >= -tolerance.
 */
import type { InfoInstance } from './instance.js';
import type { InfoMechanism } from './mechanism.js';
import { obedient, recommendationProbability, reportGains } from './strategies.js';

export interface IcDeviation {
  agent: string;
  recommended: string;
  deviation: string;
  kind: 'effort' | 'misreport';
  /** the deviating report for every observed signal */
  reports: Record<string, string>;
  honestUtility: number;
  deviationUtility: number;
  slack: number;
}

export interface IcReport {
  ic: boolean;
  minSlack: number;
  tolerance: number;
  deviations: IcDeviation[];
}

export const IC_TOLERANCE = 1e-7;

export function checkIc(inst: InfoInstance, mech: InfoMechanism, tolerance = IC_TOLERANCE): IcReport {
  const obey = obedient(inst);
  const deviations: IcDeviation[] = [];
  inst.agents.forEach((ag, i) => {
    ag.actions.forEach((rName, r) => {
      const pr = recommendationProbability(inst, mech, i, r);
      if (pr <= 1e-12) return;
      const honestG = reportGains(inst, mech, obey, i, r, r);
      const honest = honestG.reduce((acc, row, s) => acc + row[s], 0) - pr * ag.costs[r];
      ag.actions.forEach((bName, b) => {
        const g = b === r ? honestG : reportGains(inst, mech, obey, i, r, b);
        let report: number[];
        if (b !== r) {
          report = g.map((row, s) => row.reduce((bt, v, t) => (v > row[bt] + 1e-15 ? t : bt), s));
        } else {
          if (ag.signals.length < 2) return;
          // best σ != id: every strictly better report, or else the least costly single lie
          const alt = g.map((row, s) => row.reduce((bt, v, t) => (t !== s && (bt === s || v > row[bt]) ? t : bt), s));
          report = g.map((row, s) => (row[alt[s]] > row[s] ? alt[s] : s));
          if (report.every((t, s) => t === s)) {
            let k = 0;
            for (let s = 1; s < g.length; s++) if (g[s][alt[s]] - g[s][s] > g[k][alt[k]] - g[k][k]) k = s;
            report[k] = alt[k];
          }
        }
        const dev = report.reduce((acc, t, s) => acc + g[s][t], 0) - pr * ag.costs[b];
        deviations.push({
          agent: ag.name,
          recommended: rName,
          deviation: bName,
          kind: b === r ? 'misreport' : 'effort',
          reports: Object.fromEntries(report.map((t, s) => [ag.signals[s], ag.signals[t]])),
          honestUtility: honest / pr,
          deviationUtility: dev / pr,
          slack: (honest - dev) / pr,
        });
      });
    });
  });
  const minSlack = deviations.reduce((m, d) => Math.min(m, d.slack), Infinity);
  return { ic: !(minSlack < -tolerance), minSlack, tolerance, deviations };
}
