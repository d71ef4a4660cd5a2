/** The readable rendering of the online explore-then-commit learner's run: committed mechanism and regret checkpoints. */
import type { OnlineReport } from '@fedrank/mechanisms';
import { fmt, table } from './output.js';

export function onlineText(r: OnlineReport): string {
  return [
    table([
      ['horizon', String(r.horizon)],
      ['seed', String(r.seed)],
      ['exploration rounds', `${r.explorationRounds} (${r.roundsPerProfile} per profile)`],
      ['optimum per round', fmt(r.optimum)],
      ...(r.committed === null
        ? [['committed mechanism', 'none: exploration fills the horizon']]
        : [
            [
              'committed mechanism',
              `true value ${fmt(r.committed.trueValue)} per round (planned ${fmt(r.committed.plannedValue)}), IC under the true model: ${r.committed.icUnderTruth ? 'yes' : `no (${r.committed.worstDeviation?.agent} gains ${fmt(-(r.committed.worstDeviation?.slack ?? 0))} by a ${r.committed.worstDeviation?.kind})`}`,
            ],
            ['recommends', r.committed.recommendation.map((x) => `[${x.profile.join(', ')}] ${fmt(x.p, 4)}`).join('; ')],
          ]),
      ['largest confidence width', fmt(r.maxWidth)],
    ]),
    '',
    table([['t', 'cumulative regret', 'regret / t'], ...r.checkpoints.map((c) => [String(c.t), fmt(c.regret), fmt(c.regret / c.t)])]),
  ].join('\n');
}
