/**
 * Post-training runs: the label-free monitors the clients can compute without labels (agreement
 * of the sampled labels with their majority, prediction entropy, class balance of the
 * predictions) beside the test accuracy they are meant to track, one panel each, one line per run.
 */
import type { TopLevelSpec } from 'vega-lite';
import { categoryScale, chartBase } from './chart-theme.js';
import type { ReportRun, RunSet } from './run-set.js';

export const MONITORS = [
  { field: 'accuracy', title: 'test accuracy' },
  { field: 'agreement', title: 'agreement' },
  { field: 'entropy', title: 'entropy' },
  { field: 'classBalance', title: 'class balance' },
] as const;

export interface MonitorPoint {
  readonly run: string;
  readonly round: number;
  readonly monitor: string;
  readonly value: number;
}

export function isPostTrainingRun(run: ReportRun): boolean {
  return run.rounds.some((r) => typeof r.agreement === 'number');
}

export function monitorPoints(set: RunSet): MonitorPoint[] {
  const points: MonitorPoint[] = [];
  for (const run of set.runs.filter(isPostTrainingRun)) {
    for (const r of run.rounds) {
      for (const m of MONITORS) {
        const value = r[m.field];
        if (typeof value === 'number') points.push({ run: run.label, round: r.round, monitor: m.title, value });
      }
    }
  }
  return points;
}

export function monitorsSpec(set: RunSet): TopLevelSpec {
  return {
    ...chartBase,
    title: 'Post-training: label-free monitors beside test accuracy',
    data: { values: monitorPoints(set) },
    facet: { field: 'monitor', type: 'nominal', title: null, sort: MONITORS.map((m) => m.title) },
    columns: 2,
    resolve: { scale: { y: 'independent' } },
    spec: {
      width: 280,
      height: 170,
      mark: { type: 'line', point: { size: 20 } },
      encoding: {
        x: { field: 'round', type: 'quantitative', title: 'round', axis: { tickMinStep: 1 }, scale: { nice: false } },
        y: { field: 'value', type: 'quantitative', title: null, scale: { zero: false } },
        color: { field: 'run', type: 'nominal', title: 'run', sort: null, scale: categoryScale(set.runs.filter(isPostTrainingRun).length) },
      },
    },
  } as TopLevelSpec;
}
