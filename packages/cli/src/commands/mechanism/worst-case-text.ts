/** The readable rendering of a facility mechanism's worst-case ratios over a profile family. */
import type { WorstCaseReport } from '@fedrank/mechanisms';
import { fmt, table } from './output.js';

export function worstCaseText(r: WorstCaseReport): string {
  const row = (name: string, w: WorstCaseReport['welfareRatio']): string[] => [
    name,
    fmt(w.value),
    w.profile.map((x) => fmt(x)).join(', '),
    fmt(w.location),
  ];
  return [
    `worst case of ${r.mechanism} over ${r.profilesChecked} ${r.family} profiles with n = ${r.n}`,
    '',
    table([
      ['ratio', 'worst', 'profile', 'location'],
      row('welfare (optimum / mechanism)', r.welfareRatio),
      row('total cost (mechanism / optimum)', r.totalCostRatio),
      row('max cost (mechanism / optimum)', r.maxCostRatio),
    ]),
  ].join('\n');
}
