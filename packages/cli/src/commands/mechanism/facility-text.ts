/** The readable rendering of a facility-location evaluation: location, utilities, ratios, axioms, strategyproofness, equilibrium. */
import type { FacilityEvaluation } from '@fedrank/mechanisms';
import { fmt, table } from './output.js';

export function facilityText(r: FacilityEvaluation): string {
  const out: string[] = [];
  out.push(
    table([
      ['mechanism', r.mechanism],
      ['profile', r.profile.map((x) => fmt(x)).join(', ')],
      ['location', fmt(r.location)],
    ]),
  );
  out.push('');
  out.push(table([['agent', 'location', 'utility'], ...r.profile.map((x, i) => [String(i), fmt(x), fmt(r.utilities[i])])]));
  out.push('');
  out.push(
    table([
      ['', 'mechanism', 'optimum', 'ratio'],
      ['social welfare', fmt(r.socialWelfare), fmt(r.optimalWelfare), `${fmt(r.welfareRatio)} (optimum / mechanism)`],
      ['total cost', fmt(r.totalCost), fmt(r.optimalTotalCost), fmt(r.totalCostRatio)],
      ['max cost', fmt(r.maxCost), fmt(r.optimalMaxCost), fmt(r.maxCostRatio)],
    ]),
  );
  out.push('');
  const v = r.axioms.violations;
  out.push(
    table([
      ['axiom', 'holds', 'violations'],
      [
        'IFS',
        r.axioms.ifs ? 'yes' : 'no',
        v.ifs.map((x) => `agent ${x.agent} at ${fmt(x.location)}: utility ${fmt(x.utility)} < 1/n by ${fmt(x.amount)}`).join('; '),
      ],
      [
        'UFS',
        r.axioms.ufs ? 'yes' : 'no',
        v.ufs
          .map((x) => `${x.size} agent(s) at ${fmt(x.location)}: distance ${fmt(x.distance)} > ${fmt(x.allowed)} by ${fmt(x.amount)}`)
          .join('; '),
      ],
      [
        'proportionality',
        r.axioms.proportionality ? 'yes' : 'no',
        r.axioms.proportionalityApplies
          ? v.proportionality
              .map((x) => `${x.agentsAtOne} agent(s) at 1: location should be ${fmt(x.required)}, off by ${fmt(x.amount)}`)
              .join('; ')
          : '(vacuous: not every agent is at 0 or 1)',
      ],
      [
        'PF',
        r.axioms.pf ? 'yes' : 'no',
        v.pf
          .slice(0, 3)
          .map(
            (x) =>
              `agents ${x.agents.join(',')} on [${fmt(x.from)}, ${fmt(x.to)}]: utility ${fmt(x.worstUtility)} < ${fmt(x.required)} by ${fmt(x.amount)}`,
          )
          .join('; ') + (v.pf.length > 3 ? `; ... (${v.pf.length} groups)` : ''),
      ],
    ]),
  );
  if (r.strategyproof !== undefined) {
    out.push('');
    const how =
      r.strategyproofnessSearch?.method === 'grid'
        ? `grid search, step ${fmt(r.strategyproofnessSearch.gridStep)}`
        : 'exact search at breakpoints';
    const d = r.bestDeviation;
    out.push(
      r.strategyproof || !d
        ? `strategyproof at this profile: yes (${how})`
        : `strategyproof at this profile: no (${how}): agent ${d.agent} at ${fmt(d.truth)} reports ${fmt(d.misreport)}, location ${fmt(d.truthfulOutcome)} -> ${fmt(d.deviationOutcome)}, gain ${fmt(d.gain)}`,
    );
  }
  if (r.equilibrium) {
    const e = r.equilibrium;
    out.push('');
    out.push(
      `equilibrium (best-response dynamics, ${e.converged ? `converged in ${e.rounds} round(s)` : `not converged after ${e.rounds} rounds`}): reports ${e.reports.map((x) => fmt(x)).join(', ')} -> location ${fmt(e.location)}; Uniform Phantom on the true profile: ${fmt(e.uniformPhantomLocation)}${e.continuous ? '' : ' (mechanism not continuous)'}`,
    );
  }
  return out.join('\n');
}
